import { TASK_LABELS, formatVnDate, renderNotification } from '../../domain/notification-texts';
import { NOTIFICATION_KINDS, type NotificationContent } from '../../domain/notifications';
import { TASK_KINDS } from '../../domain/types';

const subject = { cadreName: 'Đặng Văn Khoa', unitName: 'Xã Nam Hưng' };

const examples: Record<NotificationContent['kind'], NotificationContent> = {
  task_assigned: { kind: 'task_assigned', params: { ...subject, taskKind: 'vote', dueAt: '2026-12-01T10:00:00Z' } },
  review_reminder: { kind: 'review_reminder', params: { ...subject, seq: 2, dueAt: '2027-06-01' } },
  review_escalation: { kind: 'review_escalation', params: { ...subject, seq: 2, dueAt: '2027-06-01', daysOverdue: 7 } },
  decision_signed: { kind: 'decision_signed', params: { ...subject, decisionNumber: '125-QĐ/HU', signedAt: '2026-11-20T02:00:00Z', effectiveDate: '2027-01-01' } },
  follow_up_reminder: { kind: 'follow_up_reminder', params: { ...subject, action: 'Bố trí nhà công vụ', dueDate: '2027-07-15' } },
  case_attention: { kind: 'case_attention', params: { ...subject, reason: 'position_retained' } },
  deadline_reminder: { kind: 'deadline_reminder', params: { ...subject, taskKind: 'appraisal', dueAt: '2027-02-17T10:00:00Z' } },
  deadline_overdue: { kind: 'deadline_overdue', params: { ...subject, taskKind: 'decision', dueAt: '2027-02-17T10:00:00Z' } },
  deadline_escalation: { kind: 'deadline_escalation', params: { ...subject, taskKind: 'vote', dueAt: '2027-02-17T10:00:00Z' } },
  vote_closed: { kind: 'vote_closed', params: { ...subject, outcome: 'passed', for: 3, against: 1, abstain: 0, members: 5 } },
  evaluation_recorded: { kind: 'evaluation_recorded', params: { ...subject, year: 2, rating: 'excellent' } },
};

describe('formatVnDate', () => {
  test('a calendar date is shown as it is, dd/mm/yyyy', () => {
    expect(formatVnDate('2027-06-01')).toBe('01/06/2027');
    expect(formatVnDate('2028-02-29')).toBe('29/02/2028');
  });

  test('an instant is shown as its day in Vietnam (UTC+7)', () => {
    expect(formatVnDate('2027-05-31T16:59:59Z')).toBe('31/05/2027');
    expect(formatVnDate('2027-05-31T17:00:00Z')).toBe('01/06/2027');
    expect(formatVnDate(new Date('2026-12-31T20:00:00Z'))).toBe('01/01/2027');
    expect(formatVnDate('2027-01-01T00:30:00+07:00')).toBe('01/01/2027');
  });
});

describe('renderNotification', () => {
  test.each([
    [
      'a yearly evaluation tells the sending unit the year and the rating in the Party’s words',
      examples.evaluation_recorded,
      'Kết quả đánh giá năm thứ 2: cán bộ Đặng Văn Khoa',
      'năm thứ 2 của thời gian luân chuyển cán bộ Đặng Văn Khoa tại Xã Nam Hưng: hoàn thành xuất sắc nhiệm vụ.',
    ],
    [
      'a vote that closed tells a member yet to vote how it ended, by the tally alone',
      examples.vote_closed,
      'Đã kết thúc biểu quyết: cán bộ Đặng Văn Khoa',
      'đề xuất được thông qua (3 tán thành, 1 không tán thành, 0 không biểu quyết, trên tổng số 5 ủy viên)',
    ],
    [
      'a vote that failed says so',
      { kind: 'vote_closed', params: { ...subject, outcome: 'failed', for: 1, against: 3, abstain: 0, members: 5 } } as const,
      'Đã kết thúc biểu quyết: cán bộ Đặng Văn Khoa',
      'đề xuất không được thông qua (1 tán thành, 3 không tán thành',
    ],
  ])('%s', (_what, content, title, fragment) => {
    const text = renderNotification(content);
    expect(text.title).toBe(title);
    expect(text.body).toContain(fragment);
  });

  test('the deadline of a step: its reminder, the overdue notice to its owners and the escalation name the step and its day', () => {
    expect(renderNotification(examples.deadline_reminder)).toEqual({
      title: 'Sắp đến hạn: Thẩm định đề xuất luân chuyển',
      body: 'Nhiệm vụ “Thẩm định đề xuất luân chuyển” trong hồ sơ luân chuyển cán bộ Đặng Văn Khoa đến Xã Nam Hưng đến hạn vào ngày 17/02/2027. Đề nghị đồng chí hoàn thành đúng hạn.',
    });
    expect(renderNotification(examples.deadline_overdue).title).toBe('Quá hạn: Ký quyết định luân chuyển');
    expect(renderNotification(examples.deadline_overdue).body).toContain('đã quá hạn (hạn ngày 17/02/2027) và đã được báo cáo lên cấp trên');
    expect(renderNotification(examples.deadline_escalation).title).toBe('Báo cáo quá hạn: Biểu quyết của Ban Thường vụ');
    expect(renderNotification(examples.deadline_escalation).body).toContain('đã quá hạn ngày 17/02/2027 mà chưa được thực hiện');
  });

  test('the review reminder names the cadre, the receiving unit and the due date', () => {
    const { title, body } = renderNotification(examples.review_reminder);
    expect(title).toBe('Nhắc lịch đánh giá định kỳ lần 2');
    expect(body).toContain('Nhắc lịch đánh giá định kỳ lần 2 đối với cán bộ Đặng Văn Khoa tại Xã Nam Hưng: hạn đánh giá là ngày 01/06/2027.');
  });

  test('a new task names its kind in Vietnamese and its deadline', () => {
    const { title, body } = renderNotification(examples.task_assigned);
    expect(title).toBe('Nhiệm vụ mới: Biểu quyết của Ban Thường vụ');
    expect(body).toBe('Đồng chí có nhiệm vụ mới: Biểu quyết của Ban Thường vụ, trong hồ sơ luân chuyển cán bộ Đặng Văn Khoa đến Xã Nam Hưng. Hạn xử lý: ngày 01/12/2026.');
    expect(renderNotification({ kind: 'task_assigned', params: { ...subject, taskKind: 'term_end' } }).body).not.toContain('Hạn xử lý');
  });

  test('the escalation tells the secretary how late the review is', () => {
    const { title, body } = renderNotification(examples.review_escalation);
    expect(title).toBe('Quá hạn đánh giá định kỳ: cán bộ Đặng Văn Khoa');
    expect(body).toContain('đã quá hạn 7 ngày (hạn ngày 01/06/2027)');
  });

  test('the decision gives its number, signing date and effective date', () => {
    const { title, body } = renderNotification(examples.decision_signed);
    expect(title).toBe('Đã ký Quyết định luân chuyển số 125-QĐ/HU');
    expect(body).toBe('Quyết định số 125-QĐ/HU ngày 20/11/2026 về việc luân chuyển cán bộ Đặng Văn Khoa đến Xã Nam Hưng đã được ký, có hiệu lực từ ngày 01/01/2027.');
  });

  test('the follow-up reminder quotes the action and its due date', () => {
    expect(renderNotification(examples.follow_up_reminder).body).toBe(
      'Nhắc việc sau đánh giá định kỳ cán bộ Đặng Văn Khoa tại Xã Nam Hưng: “Bố trí nhà công vụ”, hạn hoàn thành ngày 15/07/2027.',
    );
  });

  test('a case needing attention tells the organizers why and how to resolve it', () => {
    const { title, body } = renderNotification(examples.case_attention);
    expect(title).toBe('Hồ sơ luân chuyển cần xử lý: cán bộ Đặng Văn Khoa');
    expect(body).toContain('đến Xã Nam Hưng đang tạm dừng: vị trí công tác đang được giữ cho một cán bộ luân chuyển khác');
    expect(body).toContain('thực hiện lại bước này');
    expect(renderNotification({ kind: 'case_attention', params: { ...subject, reason: 'write_refused' } }).body).toContain('cơ sở dữ liệu từ chối ghi');
  });

  test('names given separately fill in a subject known only by id; names in the params win', () => {
    const byId: NotificationContent = { kind: 'review_reminder', params: { cadreId: 'c-1', unitId: 'u-1', seq: 1, dueAt: '2027-01-10' } };
    expect(renderNotification(byId, { cadreName: 'Lê Thị Mận', unitName: 'Xã An Lâm' }).body).toContain('cán bộ Lê Thị Mận tại Xã An Lâm');
    expect(renderNotification(examples.review_reminder, { cadreName: undefined }).body).toContain('cán bộ Đặng Văn Khoa');
    expect(renderNotification(byId).body).toContain('cán bộ luân chuyển tại đơn vị tiếp nhận');
  });

  test.each(NOTIFICATION_KINDS)('%s: composed Unicode (NFC) with Vietnamese diacritics, no placeholder left', (kind) => {
    const { title, body } = renderNotification(examples[kind]);
    for (const text of [title, body]) {
      expect(text.normalize('NFC')).toBe(text);
      expect(text).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/);
      expect(text).not.toMatch(/undefined|null|NaN|\$\{|\d{4}-\d{2}-\d{2}/);
    }
  });

  test('every task kind has a Vietnamese label', () => {
    for (const kind of TASK_KINDS) {
      expect(TASK_LABELS[kind]).toMatch(/\S/);
      expect(TASK_LABELS[kind].normalize('NFC')).toBe(TASK_LABELS[kind]);
    }
  });
});
