import { ageOn, birthDateProblem, caseDateProblem, firstTextProblem, isCalendarDate, isSaneInstant, normalizeText, textProblem, yearsBefore } from '../../domain/input';

describe('text people may enter', () => {
  it.each(['Đặng Văn Khoa', 'Nhà cách xã mới 45 km\nĐường đèo', 'a\tb', ''])('accepts %p', (text) => expect(textProblem(text)).toBeNull());

  it.each([
    ['\u0000', 'U+0000'],
    ['a\u0007b', 'U+0007'],
    ['\u001B[31m', 'U+001B'],
    ['\u007F', 'U+007F'],
    ['\u0085', 'U+0085'],
    ['x\u000Dy', 'U+000D'],
  ])('refuses the control character in %p', (text, code) => expect(textProblem(text)).toContain(code));

  it('refuses an unpaired surrogate', () => expect(textProblem('a\uD800b')).toMatch(/surrogate/));

  it('refuses a line break where a single line is wanted', () => {
    expect(textProblem('125-QĐ/HU\n', { multiline: false })).toMatch(/single line/);
    expect(textProblem('a\u2028b', { multiline: false })).toMatch(/single line/);
    expect(textProblem('125-QĐ/HU', { multiline: false })).toBeNull();
  });

  it('normalises to NFC: combining marks and precomposed letters are the same text', () => {
    const combining = 'Nguye\u0302\u0303n';
    expect(combining).not.toBe('Nguyễn');
    expect(normalizeText(combining)).toBe('Nguyễn');
  });

  it('names the path of the first bad string in a nested value', () => {
    expect(
      firstTextProblem({
        party: 'cadre',
        concerns: [
          { type: 'age', note: 'ok' },
          { type: 'other', note: 'x\u0000' },
        ],
      }),
    ).toEqual({
      path: 'concerns.1.note',
      problem: expect.stringContaining('U+0000'),
    });
    expect(firstTextProblem({ a: ['b', { c: 1, d: null }] })).toBeNull();
  });
});

describe('dates', () => {
  it.each(['2024-02-29', '1900-01-01', '2200-12-31', '2026-12-01'])('%s is a calendar date', (d) => expect(isCalendarDate(d)).toBe(true));
  it.each(['2023-02-29', '2026-13-01', '2026-04-31', '0000-01-01', '2999-01-01', '1899-12-31', '2026-1-1', '+275760-09-13', ''])('%p is not', (d) =>
    expect(isCalendarDate(d)).toBe(false),
  );
  it('checks instants are within the years a rotation can have', () => {
    expect(isSaneInstant('2026-12-01T08:00:00+07:00')).toBe(true);
    expect(isSaneInstant('+275760-09-13T00:00:00.000Z')).toBe(false);
    expect(isSaneInstant('not a date')).toBe(false);
  });
  it('counts an age in whole years', () => {
    expect(ageOn('1982-04-12', '2026-04-11')).toBe(43);
    expect(ageOn('1982-04-12', '2026-04-12')).toBe(44);
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(ageOn('2008-02-29', '2026-03-01')).toBe(18);
  });
});

describe('dates of people and cases', () => {
  it('counts years back on the calendar, 29 February falling to the 28th', () => {
    expect(yearsBefore('2026-12-01', 18)).toBe('2008-12-01');
    expect(yearsBefore('2028-02-29', 18)).toBe('2010-02-28');
    expect(yearsBefore('2028-02-29', 4)).toBe('2024-02-29');
    expect(yearsBefore('2026-12-01', -10)).toBe('2036-12-01');
  });

  it('takes a birth date from 80 to 18 years before today, both days included', () => {
    const today = '2026-12-01';
    expect(birthDateProblem('2008-12-01', today)).toBeNull();
    expect(birthDateProblem('2008-12-02', today)).toMatch(/at least 18 years before today: 2008-12-01 or earlier/);
    expect(birthDateProblem('1946-12-01', today)).toBeNull();
    expect(birthDateProblem('1946-11-30', today)).toMatch(/at most 80 years before today: 1946-12-01 or later/);
  });

  it('agrees with the age in whole years at the 18th birthday, leap days included', () => {
    expect(birthDateProblem('2008-02-29', '2026-02-28')).not.toBeNull();
    expect(ageOn('2008-02-29', '2026-02-28')).toBe(17);
    expect(birthDateProblem('2008-02-29', '2026-03-01')).toBeNull();
  });

  it('takes a date of a case within ten years of today, either way', () => {
    const today = '2026-12-01';
    expect(caseDateProblem('2016-12-01', today)).toBeNull();
    expect(caseDateProblem('2036-12-01', today)).toBeNull();
    expect(caseDateProblem('2016-11-30', today)).toMatch(/within 10 years of today: from 2016-12-01 to 2036-12-01/);
    expect(caseDateProblem('2036-12-02', today)).not.toBeNull();
  });
});
