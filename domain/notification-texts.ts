// The Vietnamese texts of notifications. Pure functions; the names of the cadre and the unit
// are filled in by the caller (the notify activity looks them up).
import type { NotificationContent, NotificationKind, NotificationParamsByKind, NotificationSubject } from './notifications';
import { localDate, startOfLocalDay } from './calendar';
import type { AttentionReason, EvaluationRating, TaskKind } from './types';

export interface NotificationText {
  title: string;
  body: string;
}

export const TASK_LABELS: Record<TaskKind, string> = {
  consultation: 'Lấy ý kiến về việc luân chuyển',
  appraisal: 'Thẩm định đề xuất luân chuyển',
  vote: 'Biểu quyết của Ban Thường vụ',
  decision: 'Ký quyết định luân chuyển',
  support_approval: 'Phê duyệt chế độ hỗ trợ',
  payment: 'Chi trả khoản hỗ trợ',
  review: 'Đánh giá định kỳ cán bộ luân chuyển',
  term_end: 'Xử lý khi hết thời hạn luân chuyển',
  support_policy: 'Ban hành chính sách hỗ trợ',
  salary_raise: 'Nâng lương trước thời hạn',
  follow_up: 'Thực hiện việc sau đánh giá định kỳ',
  continuation: 'Quyết định tiếp tục hay chấm dứt luân chuyển',
  attention: 'Xử lý hồ sơ luân chuyển đang tạm dừng',
  evaluation: 'Đánh giá cán bộ luân chuyển',
};

/** A rating as the Party's evaluations name it. */
export const EVALUATION_RATING_LABELS: Record<EvaluationRating, string> = {
  excellent: 'Hoàn thành xuất sắc nhiệm vụ',
  good: 'Hoàn thành tốt nhiệm vụ',
  satisfactory: 'Hoàn thành nhiệm vụ',
  unsatisfactory: 'Không hoàn thành nhiệm vụ',
};

/** Why a case waits for a person, as the organizers read it. */
const ATTENTION_TEXTS: Record<AttentionReason, string> = {
  position_retained: 'vị trí công tác đang được giữ cho một cán bộ luân chuyển khác, nên chưa bố trí được vị trí cho cán bộ',
  write_refused: 'cơ sở dữ liệu từ chối ghi một bước của hồ sơ',
};

/** dd/mm/yyyy of a calendar date (YYYY-MM-DD, as it is) or of an instant (its day in Vietnam). */
export function formatVnDate(date: string | Date): string {
  const day = typeof date === 'string' ? localDate(startOfLocalDay(date)) : localDate(date);
  const [year, month, dayOfMonth] = day.split('-');
  return `${dayOfMonth}/${month}/${year}`;
}

const cadreOf = (p: NotificationSubject) => (p.cadreName ? `cán bộ ${p.cadreName}` : 'cán bộ luân chuyển');
const unitOf = (p: NotificationSubject) => p.unitName ?? 'đơn vị tiếp nhận';

const TEMPLATES: { [K in NotificationKind]: (p: NotificationParamsByKind[K]) => NotificationText } = {
  task_assigned: (p) => {
    const label = TASK_LABELS[p.taskKind];
    const due = p.dueAt ? ` Hạn xử lý: ngày ${formatVnDate(p.dueAt)}.` : '';
    return {
      title: `Nhiệm vụ mới: ${label}`,
      body: `Đồng chí có nhiệm vụ mới: ${label}, trong hồ sơ luân chuyển ${cadreOf(p)} đến ${unitOf(p)}.${due}`,
    };
  },
  review_reminder: (p) => ({
    title: `Nhắc lịch đánh giá định kỳ lần ${p.seq}`,
    body:
      `Nhắc lịch đánh giá định kỳ lần ${p.seq} đối với ${cadreOf(p)} tại ${unitOf(p)}: hạn đánh giá là ngày ${formatVnDate(p.dueAt)}. ` +
      'Đề nghị đồng chí bố trí gặp cán bộ, đánh giá kết quả công tác, nắm bắt tâm tư, nguyện vọng và kịp thời tháo gỡ khó khăn.',
  }),
  review_escalation: (p) => {
    const late = p.daysOverdue ? ` ${p.daysOverdue} ngày` : '';
    return {
      title: `Quá hạn đánh giá định kỳ: ${cadreOf(p)}`,
      body:
        `Việc đánh giá định kỳ lần ${p.seq} đối với ${cadreOf(p)} tại ${unitOf(p)} đã quá hạn${late} (hạn ngày ${formatVnDate(p.dueAt)}). ` +
        'Đề nghị đồng chí chỉ đạo tổ chức đánh giá ngay.',
    };
  },
  decision_signed: (p) => ({
    title: `Đã ký Quyết định luân chuyển số ${p.decisionNumber}`,
    body:
      `Quyết định số ${p.decisionNumber} ngày ${formatVnDate(p.signedAt)} về việc luân chuyển ${cadreOf(p)} đến ${unitOf(p)} đã được ký, ` +
      `có hiệu lực từ ngày ${formatVnDate(p.effectiveDate)}.`,
  }),
  follow_up_reminder: (p) => ({
    title: `Nhắc việc sau đánh giá: ${p.action}`,
    body: `Nhắc việc sau đánh giá định kỳ ${cadreOf(p)} tại ${unitOf(p)}: “${p.action}”, hạn hoàn thành ngày ${formatVnDate(p.dueDate)}.`,
  }),
  deadline_reminder: (p) => ({
    title: `Sắp đến hạn: ${TASK_LABELS[p.taskKind]}`,
    body:
      `Nhiệm vụ “${TASK_LABELS[p.taskKind]}” trong hồ sơ luân chuyển ${cadreOf(p)} đến ${unitOf(p)} đến hạn vào ngày ${formatVnDate(p.dueAt)}. ` +
      'Đề nghị đồng chí hoàn thành đúng hạn.',
  }),
  deadline_overdue: (p) => ({
    title: `Quá hạn: ${TASK_LABELS[p.taskKind]}`,
    body:
      `Nhiệm vụ “${TASK_LABELS[p.taskKind]}” trong hồ sơ luân chuyển ${cadreOf(p)} đến ${unitOf(p)} đã quá hạn (hạn ngày ${formatVnDate(p.dueAt)}) ` +
      'và đã được báo cáo lên cấp trên. Đề nghị đồng chí hoàn thành ngay.',
  }),
  deadline_escalation: (p) => ({
    title: `Báo cáo quá hạn: ${TASK_LABELS[p.taskKind]}`,
    body:
      `Nhiệm vụ “${TASK_LABELS[p.taskKind]}” trong hồ sơ luân chuyển ${cadreOf(p)} đến ${unitOf(p)} đã quá hạn ngày ${formatVnDate(p.dueAt)} mà chưa được thực hiện. ` +
      'Đề nghị đồng chí chỉ đạo, đôn đốc giải quyết.',
  }),
  case_attention: (p) => ({
    title: `Hồ sơ luân chuyển cần xử lý: ${cadreOf(p)}`,
    body:
      `Hồ sơ luân chuyển ${cadreOf(p)} đến ${unitOf(p)} đang tạm dừng: ${ATTENTION_TEXTS[p.reason]}. ` +
      'Đề nghị đồng chí thực hiện lại bước này khi nguyên nhân đã được khắc phục, hoặc rút hồ sơ nếu cán bộ chưa nhận nhiệm vụ.',
  }),
  vote_closed: (p) => ({
    title: `Đã kết thúc biểu quyết: ${cadreOf(p)}`,
    body:
      `Việc biểu quyết của Ban Thường vụ về luân chuyển ${cadreOf(p)} đến ${unitOf(p)} đã kết thúc trước khi đồng chí bỏ phiếu: ` +
      `${p.outcome === 'passed' ? 'đề xuất được thông qua' : 'đề xuất không được thông qua'} ` +
      `(${p.for} tán thành, ${p.against} không tán thành, ${p.abstain} không biểu quyết, trên tổng số ${p.members} ủy viên). Đồng chí không cần bỏ phiếu nữa.`,
  }),
  evaluation_recorded: (p) => ({
    title: `Kết quả đánh giá năm thứ ${p.year}: ${cadreOf(p)}`,
    body:
      `Cấp có thẩm quyền đã đánh giá năm thứ ${p.year} của thời gian luân chuyển ${cadreOf(p)} tại ${unitOf(p)}: ` +
      `${EVALUATION_RATING_LABELS[p.rating].toLowerCase()}. Kết quả được gửi đơn vị nơi cán bộ đi luân chuyển để theo dõi.`,
  }),
};

/** The title and body of a notification; `names` fill in the cadre and unit the params name by id only. */
export function renderNotification(content: NotificationContent, names: Pick<NotificationSubject, 'cadreName' | 'unitName'> = {}): NotificationText {
  // Sound for every kind: the template is the one of content.kind, which TypeScript cannot correlate.
  const template = TEMPLATES[content.kind] as (params: NotificationContent['params']) => NotificationText;
  return template({ ...content.params, ...definedOnly(names) });
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
