// The report page in a real browser: the non-local-secretary chart of Hải Dương (the city at 88 %
// above the 30 % target line, Kinh Môn at 21,7 % below it), the table with drill-down to the
// communes, the reviews report, and both reports downloaded as CSV and Excel and read back.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import ExcelJS from 'exceljs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from '../support/browser';
import { type E2eStack, type TestService, startE2eStack } from '../support/service';
import type { Json } from '../support/api-client';
import { insertProposedCase } from '../support/case-rows';
import { caseAt, termProposal, termScript } from '../support/domain-fixtures';
import { screenshotBothWidths, signInAt } from '../support/web-pages';
import { created, ok, signedIn } from '../support/world';

jest.setTimeout(120_000);

const ADMIN_PASSWORD = 'Mật-khẩu-báo-cáo-2026';
const ORGANIZER_PASSWORD = 'tổ-chức-Kinh-Môn-2026';

let stack: E2eStack;
let service: TestService;
let browser: Browser;
const ids: { province: string; city: string; kinhMon: string } = { province: '', city: '', kinhMon: '' };

/**
 * Tỉnh Hải Dương > Thành phố Hải Dương (25 communes, 22 with a secretary from elsewhere: 88 %) and
 * Thị xã Kinh Môn (23 communes, 5 non-local secretaries: 21,7 %; 2 local ones; the rest without).
 */
beforeAll(async () => {
  [stack, browser] = await Promise.all([startE2eStack(), launchBrowser()]);
  service = stack.service;
  const admin = await signedIn(service, 'admin');
  const unit = async (body: Json) => (await created(admin.call('POST', '/v1/units', body))).id as string;
  ids.province = await unit({ code: 'HD', name: 'Tỉnh Hải Dương', kind: 'province' });
  ids.city = await unit({ code: 'TPHD', name: 'Thành phố Hải Dương', kind: 'district', parentId: ids.province });
  ids.kinhMon = await unit({ code: 'KM', name: 'Thị xã Kinh Môn', kind: 'district', parentId: ids.province });
  const district = async (parentId: string, code: string, communes: number, nonLocal: number, local: number) => {
    for (let i = 1; i <= communes; i++) {
      const commune = await unit({ code: `${code}-${String(i).padStart(2, '0')}`, name: `Xã ${code} số ${i}`, kind: 'commune', parentId });
      if (i > nonLocal + local) continue;
      const homeUnitId = i <= nonLocal ? ids.province : commune;
      const cadre = await created(
        admin.call('POST', '/v1/cadres', {
          fullName: `Bí thư ${code} ${i}`,
          sex: 'male',
          birthDate: '1978-03-02',
          politicalTheory: 'advanced',
          homeUnitId,
          currentUnitId: commune,
          currentPosition: 'party_secretary',
        }),
      );
      await ok(admin.call('PUT', `/v1/units/${commune}/positions/party_secretary`, { cadreId: cadre.id }));
    }
  };
  await Promise.all([district(ids.city, 'TPHD', 25, 22, 0), district(ids.kinhMon, 'KM', 23, 5, 2)]);
  const me = await ok(admin.call('GET', '/v1/me'));
  await ok(admin.call('POST', `/v1/users/${me.id}/password`, { password: ADMIN_PASSWORD }));
  await insertActiveCase(admin, me.id as string);
  const organizer = await created(admin.call('POST', '/v1/users', { username: 'to.chuc.km', fullName: 'Tổ chức Kinh Môn', roles: [{ role: 'organizer', unitId: ids.kinhMon }] }));
  await ok(admin.call('POST', `/v1/users/${organizer.id}/password`, { password: ORGANIZER_PASSWORD }));
}, 240_000);

const DAY_MS = 86_400_000;
const instant = (ms: number) => new Date(ms).toISOString();

/**
 * A case from the city to Kinh Môn that took effect 190 days ago, with a review every 3 months (so
 * reviews overdue and upcoming), written as its projection row as the domain's own transitions
 * leave it: the report reads rows, not workflows.
 */
async function insertActiveCase(admin: Awaited<ReturnType<typeof signedIn>>, adminId: string): Promise<void> {
  const cadre = await created(
    admin.call('POST', '/v1/cadres', {
      fullName: 'Đặng Văn Khoa',
      sex: 'male',
      birthDate: '1982-04-12',
      politicalTheory: 'advanced',
      homeUnitId: ids.province,
      currentUnitId: ids.city,
      currentPosition: 'specialist',
    }),
  );
  const start = Date.now() - 200 * DAY_MS;
  const input = {
    ...termProposal,
    id: randomUUID(),
    cadreId: cadre.id as string,
    fromUnitId: ids.city,
    toUnitId: ids.kinhMon,
    position: 'vice_chair',
    nonLocalSecretary: false,
    retainedPosition: { unitId: ids.city, position: 'specialist' },
    proposedAt: instant(start),
    proposedBy: { userId: adminId, username: 'admin' },
  };
  const day = (offset: number) => instant(start + offset * DAY_MS).slice(0, 10);
  const state = caseAt('active', {
    ...termScript,
    input,
    at: instant(start + DAY_MS),
    committee: { unitId: ids.city, memberUserIds: ['m1', 'm2', 'm3'] },
    decision: { ...termScript.decision, signedAt: day(5), effectiveDate: day(10) },
  });
  await insertProposedCase(service.prisma, state, adminId);
}

afterAll(async () => {
  await browser?.close();
  await stack?.dispose();
});

const signIn = (username: string, password: string) => signInAt(browser, service.url, username, password, { acceptDownloads: true });

interface Bar {
  name: string;
  percent: string;
  barClass: string;
  barEnd: number;
}

/** Each unit's bar in the chart: its name, percentage text, class and where it ends, with the target line's x. */
async function readChart(page: Page): Promise<{ bars: Bar[]; targetX: number; role: string | null; title: string | null }> {
  const chart = page.getByTestId('non-local-chart');
  const bars = await chart.locator('g.unit').evaluateAll((groups) =>
    groups.map((g) => {
      const rect = g.querySelector('rect')!;
      return {
        name: g.querySelector('text.name')!.textContent ?? '',
        percent: g.querySelector('text.pct')!.textContent ?? '',
        barClass: rect.getAttribute('class') ?? '',
        barEnd: Number(rect.getAttribute('x')) + Number(rect.getAttribute('width')),
      };
    }),
  );
  const targetX = Number(await chart.locator('line.target').getAttribute('x1'));
  return { bars, targetX, role: await chart.getAttribute('role'), title: await chart.locator('title#chart-title').textContent() };
}

/** The cells of the reviews table's body rows. */
function reviewRows(page: Page): Promise<string[][]> {
  return page
    .getByTestId('reviews-table')
    .locator('tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim() ?? '')));
}

describe('the report page, signed in as the admin', () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ({ context, page } = await signIn('admin', ADMIN_PASSWORD));
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Báo cáo' }).click();
    await page.waitForURL(`${service.url}/bao-cao`);
  });

  afterAll(async () => {
    await context?.close();
  });

  it('charts Hải Dương city at 88% above the 30% target line and Kinh Môn at 21,7% below it', async () => {
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Báo cáo');
    const { bars, targetX, role, title } = await readChart(page);
    expect(role).toBe('img');
    expect(title).toContain('30%');
    expect(bars.map(({ name, percent }) => [name, percent])).toEqual([
      ['Thị xã Kinh Môn', '21,7%'],
      ['Thành phố Hải Dương', '88%'],
    ]);
    const [kinhMon, city] = bars;
    expect(city.barClass).toBe('bar above');
    expect(city.barEnd).toBeGreaterThan(targetX);
    expect(kinhMon.barClass).toBe('bar below');
    expect(kinhMon.barEnd).toBeLessThan(targetX);
    // The two colours differ, and the line sits at 30 % of the full bar (Hải Dương's bar is 88 % of it).
    const fills = await page.locator('[data-testid="non-local-chart"] rect').evaluateAll((rects) => rects.map((r) => r.ownerDocument.defaultView!.getComputedStyle(r).fill));
    expect(new Set(fills).size).toBe(2);
    expect(targetX / city.barEnd).toBeCloseTo(0.3 / 0.88, 2);
    expect((await page.getByTestId('non-local-chart').locator('text.target-label').textContent())?.trim()).toBe('Mục tiêu 30%');
  });

  it('speaks English when asked, with a decimal point', async () => {
    await page.goto(`${service.url}/bao-cao?lang=en`);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Reports');
    expect((await readChart(page)).bars.map((b) => b.percent)).toEqual(['21.7%', '88%']);
    await page.goto(`${service.url}/bao-cao?lang=vi`);
  });

  it('holds the same figures in the table, with the total of the province', async () => {
    const rows = await page
      .getByTestId('non-local-table')
      .locator('tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent?.trim())));
    expect(rows).toEqual([
      ['Đơn vị', 'Số xã, phường', 'Số bí thư không là người địa phương', 'Tỷ lệ', 'Đạt mục tiêu'],
      ['Thị xã Kinh Môn', '23', '5', '21,7%', 'Chưa đạt'],
      ['Thành phố Hải Dương', '25', '22', '88%', 'Đạt'],
      ['Toàn Tỉnh Hải Dương', '48', '27', '56,3%', 'Đạt'],
    ]);
    await screenshotBothWidths(page, 'reports-province');
  });

  it('drills down from the province to the communes of Kinh Môn and back', async () => {
    await page.getByTestId('non-local-table').getByRole('link', { name: 'Thị xã Kinh Môn' }).click();
    await page.waitForURL(`${service.url}/bao-cao?don-vi=${ids.kinhMon}`);
    const { bars, targetX } = await readChart(page);
    expect(bars).toHaveLength(23);
    expect(bars.filter((b) => b.barClass === 'bar above').map((b) => b.name)).toEqual(['Xã KM số 1', 'Xã KM số 2', 'Xã KM số 3', 'Xã KM số 4', 'Xã KM số 5']);
    expect(bars.slice(5).every((b) => b.percent === '0%' && b.barEnd < targetX)).toBe(true);
    // Communes have nothing below them: no link further down.
    await expect(page.getByTestId('non-local-table').locator('tbody a').count()).resolves.toBe(0);
    await expect(page.getByRole('navigation', { name: 'Cấp đơn vị' }).textContent()).resolves.toMatch(/Tỉnh Hải Dương\s*Thị xã Kinh Môn/);
    await screenshotBothWidths(page, 'reports-district');
    await page.getByRole('navigation', { name: 'Cấp đơn vị' }).getByRole('link', { name: 'Tỉnh Hải Dương' }).click();
    await page.waitForURL(`${service.url}/bao-cao?don-vi=${ids.province}`);
  });

  it('shows the reviews report, as GET /v1/reports/reviews has it, with its status filter', async () => {
    const api = await ok((await signedIn(service, 'admin')).call('GET', '/v1/reports/reviews'));
    const items = api.items as { seq: number; status: string }[];
    expect(items.map((r) => r.status)).toEqual(expect.arrayContaining(['overdue', 'upcoming']));
    await page.goto(`${service.url}/bao-cao`);
    const rows = await reviewRows(page);
    expect(rows.map((r) => [r[0], r[1], r[2]])).toEqual(items.map((r) => ['Đặng Văn Khoa', 'Thị xã Kinh Môn', String(r.seq)]));
    expect(rows.map((r) => r[4])).toEqual(items.map((r) => ({ overdue: 'Quá hạn', upcoming: 'Sắp tới', due: 'Đến hạn', done: 'Đã đánh giá' })[r.status]));
    for (const row of rows) expect(row[3]).toMatch(/^\d{2}\/\d{2}\/\d{4}$/);
    await page.getByLabel('Tình trạng').selectOption('overdue');
    await page.getByRole('button', { name: 'Lọc' }).click();
    await page.waitForURL(/trang-thai=overdue/);
    const overdue = await reviewRows(page);
    expect(overdue).toHaveLength(items.filter((r) => r.status === 'overdue').length);
    expect(overdue.every((r) => r[4] === 'Quá hạn' && Number(r[5]) > 0)).toBe(true);
    await page.goto(`${service.url}/bao-cao?trang-thai=done`);
    await expect(page.getByText('Không có đợt đánh giá nào.').isVisible()).resolves.toBe(true);
  });

  it('downloads the non-local-secretary report as CSV with a BOM and Vietnamese headers', async () => {
    await page.goto(`${service.url}/bao-cao`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('non-local-report').getByRole('link', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('bi-thu-khong-tai-cho-HD.csv');
    const bytes = fs.readFileSync(await download.path());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8').slice(1).split('\r\n')).toEqual([
      'Đơn vị,"Số xã, phường",Số bí thư không là người địa phương,Tỷ lệ (%),Đạt mục tiêu',
      'Thị xã Kinh Môn,23,5,21.7,Chưa đạt',
      'Thành phố Hải Dương,25,22,88,Đạt',
      'Toàn Tỉnh Hải Dương,48,27,56.3,Đạt',
      '',
    ]);
    const res = await context.request.get(`${service.url}/bao-cao/bi-thu.csv?don-vi=${ids.province}`);
    expect(res.headers()['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers()['content-disposition']).toBe('attachment; filename="bi-thu-khong-tai-cho-HD.csv"');
  });

  it('downloads the non-local-secretary report as an Excel workbook exceljs reads back', async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('non-local-report').getByRole('link', { name: 'Excel (.xlsx)' }).click()]);
    expect(download.suggestedFilename()).toBe('bi-thu-khong-tai-cho-HD.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(await download.path());
    const sheet = workbook.getWorksheet('Bí thư không tại chỗ')!;
    const values = sheet
      .getSheetValues()
      .slice(1)
      .map((row) => (row as unknown[]).slice(1));
    expect(values).toEqual([
      ['Đơn vị', 'Số xã, phường', 'Số bí thư không là người địa phương', 'Tỷ lệ (%)', 'Đạt mục tiêu'],
      ['Thị xã Kinh Môn', 23, 5, 5 / 23, 'Chưa đạt'],
      ['Thành phố Hải Dương', 25, 22, 0.88, 'Đạt'],
      ['Toàn Tỉnh Hải Dương', 48, 27, 27 / 48, 'Đạt'],
    ]);
    const res = await context.request.get(`${service.url}/bao-cao/bi-thu.xlsx`);
    expect(res.headers()['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers()['content-disposition']).toBe('attachment; filename="bi-thu-khong-tai-cho-HD.xlsx"');
  });

  it('downloads the reviews report as CSV and Excel, the same rows as the page', async () => {
    await page.goto(`${service.url}/bao-cao?trang-thai=overdue`);
    const shown = await reviewRows(page);
    const headers = ['Cán bộ', 'Đơn vị tiếp nhận', 'Lần', 'Hạn', 'Tình trạng', 'Số ngày quá hạn', 'Xếp loại', 'Ngày đánh giá'];
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('region', { name: 'Đánh giá định kỳ' }).getByRole('link', { name: 'CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('danh-gia-dinh-ky-overdue.csv');
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv.slice(1).split('\r\n')).toEqual([headers.join(','), ...shown.map((r) => r.join(',')), '']);
    const xlsx = await context.request.get(`${service.url}/bao-cao/danh-gia.xlsx?trang-thai=overdue`);
    expect(xlsx.headers()['content-disposition']).toBe('attachment; filename="danh-gia-dinh-ky-overdue.xlsx"');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await xlsx.body()) as unknown as ArrayBuffer);
    const values = workbook
      .getWorksheet('Đánh giá')!
      .getSheetValues()
      .slice(1)
      .map((row) => (row as unknown[]).slice(1).map((v) => (v === undefined ? '' : String(v))));
    expect(values).toEqual([headers, ...shown]);
    await screenshotBothWidths(page, 'reports-reviews');
  });
});

describe('the report page, signed in as an organizer of Kinh Môn', () => {
  it('opens on Kinh Môn and refuses the province', async () => {
    const { context, page } = await signIn('to.chuc.km', ORGANIZER_PASSWORD);
    try {
      await page.goto(`${service.url}/bao-cao`);
      await expect(page.getByRole('navigation', { name: 'Cấp đơn vị' }).locator('[aria-current="page"]').textContent()).resolves.toBe('Thị xã Kinh Môn');
      // The province is above their scope: named in the trail, not a link.
      await expect(page.getByRole('navigation', { name: 'Cấp đơn vị' }).getByRole('link').count()).resolves.toBe(0);
      const { bars } = await readChart(page);
      expect(bars).toHaveLength(23);
      const refused = await page.goto(`${service.url}/bao-cao?don-vi=${ids.province}`);
      expect(refused?.status()).toBe(403);
      expect((await context.request.get(`${service.url}/bao-cao/bi-thu.csv?don-vi=${ids.province}`)).status()).toBe(403);
      expect((await page.goto(`${service.url}/bao-cao?don-vi=not-a-unit`))?.status()).toBe(404);
    } finally {
      await context.close();
    }
  });
});
