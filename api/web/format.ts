// How the web app shows dates and money: days as dd/mm/yyyy in Vietnam time, amounts in đồng
// with the Vietnamese thousands separator.
const VIETNAM = 'Asia/Ho_Chi_Minh';

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM, day: '2-digit', month: '2-digit', year: 'numeric' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { timeZone: VIETNAM, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const vnd = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 });
const integer = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 0 });

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** dd/mm/yyyy: a calendar day (YYYY-MM-DD) as it is, an instant as its day in Vietnam. */
export function formatDate(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    const day = DAY.exec(value);
    if (day) return `${day[3]}/${day[2]}/${day[1]}`;
  }
  return dayFormat.format(new Date(value));
}

/** dd/mm/yyyy HH:mm in Vietnam. */
export function formatDateTime(value: string | Date | null | undefined): string {
  if (value === null || value === undefined) return '';
  return `${formatDate(value)} ${timeFormat.format(new Date(value))}`;
}

/** 1.234.567 ₫ */
export function formatVnd(amount: number): string {
  return vnd.format(amount);
}

/** 1.234 */
export function formatNumber(value: number): string {
  return integer.format(value);
}
