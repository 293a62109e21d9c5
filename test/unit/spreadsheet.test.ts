import ExcelJS from 'exceljs';
import { toCsv, toXlsx } from '../../api/web/spreadsheet';

describe('toCsv', () => {
  it('starts with a UTF-8 BOM and keeps Vietnamese diacritics', () => {
    const csv = toCsv({ headers: ['Đơn vị', 'Tỷ lệ (%)'], rows: [['Thị xã Kinh Môn', 21.7]] });
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(Buffer.from(csv, 'utf8').subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(csv).toBe('\uFEFFĐơn vị,Tỷ lệ (%)\r\nThị xã Kinh Môn,21.7\r\n');
  });

  it('quotes fields with commas, quotes, line breaks or edge spaces, and leaves empty cells empty', () => {
    const csv = toCsv({ headers: ['a', 'b', 'c', 'd', 'e'], rows: [['Xã An Lâm, Nam Sách', 'ông "Ba"', 'dòng 1\ndòng 2', ' lề ', null]] });
    expect(csv.split('\r\n')[1]).toBe('"Xã An Lâm, Nam Sách","ông ""Ba""","dòng 1\ndòng 2"," lề ",');
  });

  it('writes ratio columns as percent numbers with one decimal', () => {
    expect(toCsv({ headers: ['Tỷ lệ (%)'], rows: [[0.88], [5 / 23], [null]], percentColumns: [0] })).toBe('\uFEFFTỷ lệ (%)\r\n88\r\n21.7\r\n\r\n');
  });

  it('keeps a text from running as a formula, and negative numbers as numbers', () => {
    expect(toCsv({ headers: ['a', 'b'], rows: [['=HYPERLINK("x")', -1]] }).split('\r\n')[1]).toBe('"\'=HYPERLINK(""x"")",-1');
  });
});

describe('toXlsx', () => {
  it('writes a workbook exceljs reads back with the headers, the rows and percentages', async () => {
    const buffer = await toXlsx({
      sheet: 'Bí thư',
      headers: ['Đơn vị', 'Số xã', 'Tỷ lệ'],
      rows: [
        ['Thành phố Hải Dương', 25, 0.88],
        ['Thị xã Kinh Môn', 23, 5 / 23],
      ],
      percentColumns: [2],
    });
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
    const sheet = workbook.getWorksheet('Bí thư')!;
    expect(sheet.rowCount).toBe(3);
    expect(sheet.getRow(1).values).toEqual([undefined, 'Đơn vị', 'Số xã', 'Tỷ lệ']);
    expect(sheet.getRow(2).values).toEqual([undefined, 'Thành phố Hải Dương', 25, 0.88]);
    expect(sheet.getCell('C3').value).toBeCloseTo(0.2174, 4);
    expect(sheet.getCell('C3').numFmt).toBe('0.0%');
    expect(sheet.getRow(1).font?.bold).toBe(true);
  });
});
