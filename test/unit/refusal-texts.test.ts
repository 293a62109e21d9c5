import { LANGUAGES, REFUSAL_CODES, REFUSAL_TEXTS, THINGS, inLanguage, refusalText } from '../../domain/refusal-texts';

/** Parameters of any shape a text takes: a string, a number and a list at once. */
const ANY_PARAMS = new Proxy({}, { get: () => Object.assign(['7'], { toString: () => '7' }) });

const VIETNAMESE_LETTER = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/i;

describe('the refusal texts', () => {
  it.each(REFUSAL_CODES)('%s has a text in every language, the Vietnamese with its diacritics', (code) => {
    const texts = REFUSAL_TEXTS[code];
    for (const lang of LANGUAGES) expect(texts[lang](ANY_PARAMS).trim()).toBeTruthy();
    expect(texts.vi(ANY_PARAMS)).toMatch(VIETNAMESE_LETTER);
    expect(texts.vi(ANY_PARAMS)).not.toBe(texts.en(ANY_PARAMS));
  });

  it('names every thing an id may name in Vietnamese', () => {
    for (const [what, vi] of Object.entries(THINGS)) {
      expect(refusalText('not_found', { what: what as keyof typeof THINGS })).toEqual({ en: `no ${what} with this id`, vi: `không có ${vi} nào với mã này` });
    }
  });

  it('fills the parameters in each language', () => {
    expect(refusalText('minimum_term', { min: 36, months: 12 })).toEqual({
      en: 'a rotation lasts at least 36 months, not 12 (minimum_term); the competent level may record an exception',
      vi: 'thời hạn luân chuyển ít nhất là 36 tháng, không phải 12 tháng (minimum_term); cấp có thẩm quyền có thể ghi nhận ngoại lệ',
    });
    expect(refusalText('role_needed', { roles: ['organizer', 'admin'] }).vi).toBe('việc này cần vai trò organizer hoặc admin tại các đơn vị liên quan');
  });

  it('falls back to English where a text has no Vietnamese', () => {
    expect(inLanguage({ en: 'only English' }, 'vi')).toBe('only English');
    expect(inLanguage('plain', 'vi')).toBe('plain');
    expect(inLanguage(refusalText('request_invalid'), 'vi')).toBe('yêu cầu không hợp lệ');
  });
});
