// Accessibility checks for the web app's browser tests: axe-core's WCAG 2.0 A/AA and 2.1 A/AA rules
// run inside the page at 1280 and 360 px, and keyboard focus made visible.
import fs from 'node:fs';
import type { Page } from 'playwright-core';

/** The WCAG levels the web app keeps to (the issue: contrast AA, labels, keyboard, phones). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] as const;

/** axe's best-practice rules for what the issue also asks: one main landmark, content in landmarks, one h1, headings in order, table headers with text, a working skip link. */
export const STRUCTURE_RULES = [
  'landmark-one-main',
  'region',
  'page-has-heading-one',
  'heading-order',
  'empty-table-header',
  'skip-link',
  'landmark-unique',
  'landmark-no-duplicate-main',
] as const;

const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: AxeNode[];
}

/**
 * axe's violations on the page as it is, one line each: rule, impact, what it asks, the element and why.
 * The source is evaluated through the browser's debugging protocol, which the pages' CSP (no inline
 * script) does not govern, so the page is checked under the CSP it is served with.
 */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const options = { runOnly: { type: 'tag', values: WCAG_TAGS }, rules: Object.fromEntries(STRUCTURE_RULES.map((id) => [id, { enabled: true }])), resultTypes: ['violations'] };
  const violations = await page.evaluate<AxeViolation[]>(`window.axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations)`);
  return violations.flatMap((v) =>
    v.nodes.map((n) => `${v.id} (${v.impact ?? 'unknown'}): ${v.help} — ${n.target.map(String).join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ').trim()}`),
  );
}

/** Fails listing every WCAG 2 A/AA violation axe finds on the page at 1280 and at 360 px, and any sideways overflow at 360 px. */
export async function expectAccessible(page: Page, name: string): Promise<void> {
  const found: string[] = [];
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 360]) {
    await page.setViewportSize({ width, height: 900 });
    for (const line of await axeViolations(page)) found.push(`${name} at ${width} px: ${line}`);
    const scrollWidth = await page.evaluate<number>('document.documentElement.scrollWidth');
    if (scrollWidth > width) found.push(`${name} at ${width} px: the page is ${scrollWidth} px wide, wider than the screen`);
  }
  await page.setViewportSize(viewport);
  expect(found).toEqual([]);
}

/** What keyboard focus is on: its tag, id, type and text, e.g. `input#username` or `button "Đăng nhập"`; `body` when nothing. */
export function describeFocus(page: Page): Promise<string> {
  return page.evaluate<string>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const tag = el.tagName.toLowerCase();
    const type = el.getAttribute('type');
    const text = ['a', 'button', 'summary'].includes(tag) ? ' "' + el.textContent.trim() + '"' : '';
    return tag + (el.id ? '#' + el.id : '') + (tag === 'input' && type && type !== 'text' ? '[type=' + type + ']' : '') + text;
  })()`);
}

/** How a form control is named below: a radio by its group (Tab stops once in a group), anything else by its id or tag and text. */
const CONTROL_KEY = `(el) => el.type === 'radio' ? 'radio:' + el.name : el.id || el.tagName.toLowerCase() + ':' + el.textContent.trim()`;

/** The focused element as formControls names it; null when focus is on nothing or on an element matching `except`. */
export function focusKey(page: Page, except: string): Promise<string | null> {
  return page.evaluate<string | null>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el.matches(${JSON.stringify(except)})) return null;
    return (${CONTROL_KEY})(el);
  })()`);
}

/** The visible, enabled inputs, selects, text areas and buttons inside `scope`, one name each. */
export function formControls(page: Page, scope: string): Promise<string[]> {
  return page.evaluate<string[]>(`[...new Set(
    [...document.querySelectorAll(${JSON.stringify(scope)})].flatMap((s) => [...s.querySelectorAll('input, select, textarea, button')])
      .filter((el) => el.type !== 'hidden' && !el.disabled && el.getClientRects().length > 0)
      .map(${CONTROL_KEY}),
  )]`);
}

/** Whether keyboard focus is inside (or on) the element matching `selector`. */
export function focusWithin(page: Page, selector: string): Promise<boolean> {
  return page.evaluate<boolean>(`!!document.querySelector(${JSON.stringify(selector)})?.contains(document.activeElement)`);
}

/** Whether the focused element lies within the viewport, where one can see it. */
export function focusOnScreen(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(`(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
  })()`);
}

/** Whether the focused element shows its focus: a solid outline at least 2 px wide, or a box shadow. */
export function focusIsVisible(page: Page): Promise<boolean> {
  return page.evaluate<boolean>(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return false;
    const style = getComputedStyle(el);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2;
    return outline || (style.boxShadow !== 'none' && style.boxShadow !== '');
  })()`);
}
