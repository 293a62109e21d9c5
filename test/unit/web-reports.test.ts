// The report page's pieces without a server: percentages in each language, the SVG chart's bars
// against the target line, and the rows the exports write.
import { REVIEW_RATINGS, REVIEW_STATUSES } from '../../domain/types';
import { translator, labelOf } from '../../api/web/messages';
import { REVIEWS_SHOWN, barChart, formatPercent, nonLocalTable, reviewsSection, reviewsTable } from '../../api/web/reports';
import type { WebContext } from '../../api/web/session';

const web = (lang: 'vi' | 'en'): WebContext => ({ lang, t: translator(lang), signedIn: null, csrfToken: 'x' });
const tally = (unitId: string, name: string, communes: number, nonLocal: number) => ({
  unitId,
  name,
  communes,
  nonLocal,
  ratio: communes ? nonLocal / communes : 0,
  target: 0.3,
  meetsTarget: communes > 0 && nonLocal / communes >= 0.3,
});

describe('formatPercent', () => {
  it('writes a decimal comma in Vietnamese and a point in English, one decimal at most', () => {
    expect(formatPercent({ lang: 'vi' }, 5 / 23)).toBe('21,7%');
    expect(formatPercent({ lang: 'en' }, 5 / 23)).toBe('21.7%');
    expect(formatPercent({ lang: 'vi' }, 0.88)).toBe('88%');
  });
});

describe('barChart', () => {
  const svg = barChart(web('vi'), [tally('a', 'Thị xã Kinh Môn', 23, 5), tally('b', 'Thành phố <Hải Dương>', 25, 22)], 0.3).text;

  it('is an image with a title and a description', () => {
    expect(svg).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="chart-title chart-desc"/);
    expect(svg).toContain('<title id="chart-title">Biểu đồ tỷ lệ bí thư không là người địa phương theo đơn vị, so với mục tiêu 30%</title>');
  });

  it('draws bars above and below the target line, each with its name (escaped) and percentage', () => {
    const line = Number(/<line class="target" x1="([\d.]+)"/.exec(svg)![1]);
    const bars = [...svg.matchAll(/<rect class="bar (above|below)" x="0" y="[\d.]+" width="([\d.]+)"/g)].map((m) => [m[1], Number(m[2])] as const);
    expect(bars.map(([side]) => side)).toEqual(['below', 'above']);
    expect(bars[0][1]).toBeLessThan(line);
    expect(bars[1][1]).toBeGreaterThan(line);
    expect(svg).toContain('>21,7%</text>');
    expect(svg).toContain('>Thành phố &lt;Hải Dương&gt;</text>');
  });
});

const review = (seq: number) => ({
  rotationId: 'r',
  cadreId: 'c',
  cadreName: 'Đặng Văn Khoa',
  toUnitId: 'u',
  toUnitName: 'Xã Nam Hưng',
  seq,
  dueAt: '2027-03-14T17:00:00.000Z',
  status: 'done' as const,
  daysOverdue: 0,
  rating: 'good' as const,
  doneAt: '2027-03-10T03:00:00.000Z',
});

describe('reviewsSection', () => {
  it('lists at most REVIEWS_SHOWN reviews and says the downloads hold them all', () => {
    const page = reviewsSection(
      web('vi'),
      Array.from({ length: REVIEWS_SHOWN + 1 }, (_, i) => review(i + 1)),
      'done',
    ).text;
    expect(page.match(/<tr>/g)).toHaveLength(REVIEWS_SHOWN + 1); // the header row and the reviews shown
    expect(page).toContain(`Đang hiện ${REVIEWS_SHOWN} trên ${REVIEWS_SHOWN + 1} đợt đánh giá`);
    expect(page).toContain('href="/bao-cao/danh-gia.csv?trang-thai=done"');
  });
});

describe('the export tables', () => {
  it('writes the tallies and the total, ratios kept as fractions for the workbook', () => {
    const items = [tally('a', 'Thị xã Kinh Môn', 23, 5)];
    const table = nonLocalTable(web('vi'), { items, total: tally('p', 'Tỉnh Hải Dương', 23, 5), unit: { name: 'Tỉnh Hải Dương' } as never });
    expect(table.headers).toEqual(['Đơn vị', 'Số xã, phường', 'Số bí thư không là người địa phương', 'Tỷ lệ (%)', 'Đạt mục tiêu']);
    expect(table.rows).toEqual([
      ['Thị xã Kinh Môn', 23, 5, 5 / 23, 'Chưa đạt'],
      ['Toàn Tỉnh Hải Dương', 23, 5, 5 / 23, 'Chưa đạt'],
    ]);
    expect(table.percentColumns).toEqual([3]);
  });

  it('writes a review with its dates as dd/mm/yyyy and its status and rating in words', () => {
    const table = reviewsTable(web('vi'), [review(2)]);
    expect(table.rows).toEqual([['Đặng Văn Khoa', 'Xã Nam Hưng', 2, '15/03/2027', 'Đã đánh giá', 0, 'Hoàn thành tốt nhiệm vụ', '10/03/2027']]);
  });

  it('names every review status and rating in both languages', () => {
    for (const lang of ['vi', 'en'] as const) {
      const t = translator(lang);
      for (const s of REVIEW_STATUSES) expect(labelOf(t, 'reviewStatus', s)).not.toBe(s);
      for (const r of REVIEW_RATINGS) expect(labelOf(t, 'rating', r)).not.toBe(r);
    }
  });
});
