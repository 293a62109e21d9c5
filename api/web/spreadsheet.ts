// Report exports: one table as CSV (UTF-8 with a BOM, so spreadsheet programs read the diacritics)
// or as an Excel workbook.
import ExcelJS from 'exceljs';

export type Cell = string | number | null;

export interface Table {
  /** The sheet's name in the workbook. */
  sheet: string;
  headers: readonly string[];
  rows: readonly (readonly Cell[])[];
  /** Columns (0-based) holding ratios between 0 and 1: percentages in the workbook, percent numbers (one decimal) in CSV. */
  percentColumns?: readonly number[];
}

const BOM = '\uFEFF';

/** A text a spreadsheet would run as a formula gets a leading apostrophe (numbers stay numbers). */
function csvField(value: Cell): string {
  const text = value === null ? '' : typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : String(value);
  return /[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** RFC 4180 CSV, CRLF line ends, prefixed with a UTF-8 byte-order mark. */
export function toCsv(table: Pick<Table, 'headers' | 'rows' | 'percentColumns'>): string {
  const percent = (value: Cell, i: number) => (typeof value === 'number' && table.percentColumns?.includes(i) ? Math.round(value * 1000) / 10 : value);
  const lines = [table.headers, ...table.rows.map((row) => row.map(percent))].map((row) => row.map(csvField).join(','));
  return BOM + lines.map((line) => `${line}\r\n`).join('');
}

/** An .xlsx workbook with one sheet: a bold, frozen header row, then the rows. */
export async function toXlsx(table: Table): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(table.sheet.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.addRow([...table.headers]).font = { bold: true };
  for (const row of table.rows) sheet.addRow([...row]);
  sheet.columns.forEach((column, i) => {
    const longest = Math.max(...[table.headers[i], ...table.rows.map((r) => r[i])].map((v) => (v === null || v === undefined ? 0 : String(v).length)));
    column.width = Math.min(60, Math.max(10, longest + 2));
    if (table.percentColumns?.includes(i)) column.numFmt = '0.0%';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
