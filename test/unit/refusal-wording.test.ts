import * as ts from 'typescript';
import { HttpProblem, conflict, forbidden, ruleViolation, toProblem } from '../../api/problem';
import { Refusal } from '../../domain/refusal';
import { refusalText } from '../../domain/refusal-texts';

/**
 * Never called: each marked line must stay a type error, or `@ts-expect-error` itself is one. A
 * refusal a user sees takes a Wording, and only the catalogue makes one, so a plain English
 * string (or a text written by hand, in one language or two) no longer compiles.
 */
export function refusalsOfPlainText(): unknown[] {
  return [
    // @ts-expect-error a plain string
    new Refusal('rule', 'the case is refused'),
    // @ts-expect-error English alone
    new Refusal('conflict', { en: 'the case is refused' }),
    // @ts-expect-error both languages, written by hand instead of in the catalogue
    new Refusal('rule', { en: 'the case is refused', vi: 'hồ sơ bị từ chối' }),
    // @ts-expect-error a plain string
    new HttpProblem(422, 'the case is refused'),
    // @ts-expect-error a field's message as a plain string
    new HttpProblem(400, refusalText('request_invalid'), [{ path: 'termMonths', message: 'must be a number' }]),
    // @ts-expect-error a plain string
    ruleViolation('the case is refused', 'termMonths'),
    // @ts-expect-error a plain string
    forbidden('not yours'),
    // @ts-expect-error a plain string
    conflict('taken'),
  ];
}

describe('refusals a user sees', () => {
  it('are raised with the catalogue’s wording, answered in each language', () => {
    const refusal = new Refusal('conflict', refusalText('support_approved'));
    expect(toProblem(refusal).detail).toBe('the support of this case is already approved');
    expect(toProblem(refusal, 'vi').detail).toBe('chế độ hỗ trợ của hồ sơ này đã được phê duyệt');
  });

  it('do not compile from a plain string', () => {
    // This file type-checked alone, as `npm test`'s tsc checks it: every expected error above is still one.
    const config = ts.getParsedCommandLineOfConfigFile(`${__dirname}/../../tsconfig.json`, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram([__filename], { ...config.options, noEmit: true });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(errors).toEqual([]);
  }, 60_000);
});
