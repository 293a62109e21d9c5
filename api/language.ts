// The language a problem's `detail` is written in: the JSON API follows Accept-Language (English
// when it names neither language), the web app its session's language.
import type { Request } from 'express';
import { LANGUAGES, type Language } from '../domain/refusal-texts';

/** The supported language the Accept-Language header prefers most (RFC 9110 §12.5.4), else `fallback`. */
export function negotiateLanguage(header: string | undefined, fallback: Language): Language {
  let best: { lang: Language; q: number } | null = null;
  for (const range of (header ?? '').split(',')) {
    const [tag, ...params] = range.trim().split(';');
    const primary = tag.trim().toLowerCase().split('-')[0];
    const q = qualityOf(params);
    const lang = primary === '*' ? fallback : LANGUAGES.find((l) => l === primary);
    if (lang && q > 0 && (!best || q > best.q)) best = { lang, q };
  }
  return best?.lang ?? fallback;
}

function qualityOf(params: readonly string[]): number {
  const q = params.map((p) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(p)).find((m) => m);
  return q ? Number(q[1]) : 1;
}

/** The language of a JSON API request's problem answers. */
export function requestLanguage(req: Request): Language {
  return negotiateLanguage(req.get('accept-language'), 'en');
}
