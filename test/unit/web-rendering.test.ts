// The web app's building blocks: the message catalogue is complete in both languages, values are
// escaped, dates show as dd/mm/yyyy in Vietnam and amounts in đồng.
import { CASE_STATUSES, PARTIES, TASK_KINDS } from '../../domain/types';
import { formatDate, formatDateTime, formatNumber, formatVnd } from '../../api/web/format';
import { html } from '../../api/web/html';
import { CATALOGUE, labelOf, translator } from '../../api/web/messages';
import { inboxOrder } from '../../api/web/pages';
import type { Task } from '../../api/tasks';

describe('the message catalogue', () => {
  it('has the same keys in Vietnamese and English, none empty', () => {
    expect(Object.keys(CATALOGUE.en).sort()).toEqual(Object.keys(CATALOGUE.vi).sort());
    for (const lang of ['vi', 'en'] as const) for (const text of Object.values(CATALOGUE[lang])) expect(text.trim()).not.toBe('');
  });

  it('names every status, task kind and party in both languages', () => {
    for (const lang of ['vi', 'en'] as const) {
      const t = translator(lang);
      for (const s of CASE_STATUSES) expect(labelOf(t, 'status', s)).not.toBe(s);
      for (const k of TASK_KINDS) expect(labelOf(t, 'task', k)).not.toBe(k);
      for (const p of PARTIES) expect(labelOf(t, 'party', p)).not.toBe(p);
    }
  });

  it('speaks Vietnamese with its diacritics by default, and fills in values', () => {
    expect(translator('vi')('nav.tasks')).toBe('Việc của tôi');
    expect(translator('vi')('header.taskCount', { count: 3 })).toBe('Việc của tôi: 3');
    expect(translator('en')('header.taskCount', { count: 3 })).toBe('My tasks: 3');
  });
});

describe('html', () => {
  it('escapes every value unless it is html already', () => {
    const name = '<script>alert("x")</script> & \'Đức\'';
    expect(html`<p title="${name}">${name}</p>`.text).toBe(
      '<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Đức&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;Đức&#39;</p>',
    );
    const items = ['a<', html`<li>b</li>`, null, undefined, false];
    expect(
      html`<ul>
        ${items}
      </ul>`.text.replace(/\s+/g, ''),
    ).toBe('<ul>a&lt;<li>b</li></ul>');
  });
});

describe('formatters', () => {
  it('shows a calendar day as dd/mm/yyyy as it is', () => {
    expect(formatDate('2027-02-04')).toBe('04/02/2027');
  });

  it('shows an instant as its day and time in Vietnam (UTC+7)', () => {
    expect(formatDate('2026-12-31T17:30:00Z')).toBe('01/01/2027');
    expect(formatDateTime('2026-12-31T17:30:00Z')).toBe('01/01/2027 00:30');
    expect(formatDate(null)).toBe('');
  });

  it('shows amounts in đồng with dots between thousands', () => {
    expect(formatVnd(1234567)).toBe('1.234.567\u00a0₫');
    expect(formatVnd(0)).toBe('0\u00a0₫');
    expect(formatNumber(30000)).toBe('30.000');
  });
});

describe('the inbox order', () => {
  const task = (rotationId: string, dueAt: string | null, overdue: boolean): Task => ({
    rotationId,
    kind: 'vote',
    unitId: 'u',
    dueAt,
    dueDate: null,
    overdue,
    escalated: false,
  });

  it('puts overdue tasks first, then by due date, tasks without one last', () => {
    const tasks = [task('a', null, false), task('b', '2027-01-05T10:00:00Z', false), task('c', '2026-12-01T10:00:00Z', true), task('d', '2027-01-02T10:00:00Z', false)];
    expect(tasks.sort(inboxOrder).map((x) => x.rotationId)).toEqual(['c', 'd', 'b', 'a']);
  });
});
