import { z } from 'zod';
import { negotiateLanguage } from '../../api/language';
import { notFound, problem, toProblem } from '../../api/problem';
import { temporalProblem } from '../../api/temporal-errors';
import { idOf, line } from '../../api/schemas';
import { checkRequest, requestProblem } from '../../api/validate';
import { Refusal } from '../../domain/refusal';
import { refusalText } from '../../domain/refusal-texts';
import { ApplicationFailure, WorkflowUpdateFailedError } from '@temporalio/client';
import { FAILURE_TYPES } from '../../domain/types';

describe('negotiating the language of a problem', () => {
  it.each([
    [undefined, 'en', 'en'],
    [undefined, 'vi', 'vi'],
    ['', 'en', 'en'],
    ['vi', 'en', 'vi'],
    ['vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7', 'en', 'vi'],
    ['EN-gb', 'vi', 'en'],
    ['en;q=0.5, vi;q=0.8', 'en', 'vi'],
    ['fr, de;q=0.9', 'vi', 'vi'],
    ['fr, en;q=0.1', 'vi', 'en'],
    ['vi;q=0, en;q=0.2', 'vi', 'en'],
    ['*', 'vi', 'vi'],
    ['vi, en', 'en', 'vi'],
  ] as const)('Accept-Language %p with the default %s is %s', (header, fallback, expected) => {
    expect(negotiateLanguage(header, fallback)).toBe(expected);
  });
});

describe('a problem in the language of the request', () => {
  it('keeps English when no language is asked for', () => {
    expect(toProblem(notFound('cadre', 'cadreId'))).toMatchObject({ detail: 'no cadre with this id', errors: [{ path: 'cadreId', message: 'no cadre with this id' }] });
  });

  it('answers a domain refusal and its field in Vietnamese', () => {
    const refusal = new Refusal('rule', refusalText('dossier_incomplete', { missing: 'personal_record' }), 'dossier', 'dossier_incomplete');
    expect(toProblem(refusal, 'vi')).toEqual({
      type: 'about:blank',
      title: 'Unprocessable Entity',
      status: 422,
      detail: 'hồ sơ tài liệu chưa đầy đủ: còn thiếu personal_record',
      errors: [{ path: 'dossier', message: 'hồ sơ tài liệu chưa đầy đủ: còn thiếu personal_record' }],
      rule: 'dossier_incomplete',
    });
  });

  it('answers a text with no Vietnamese in English', () => {
    expect(problem(409, 'taken', undefined, undefined, 'vi').detail).toBe('taken');
  });

  it('answers a workflow validator refusal in the language its details carry', () => {
    const failure = ApplicationFailure.create({ type: FAILURE_TYPES.forbidden, message: 'english', details: [{ rule: 'own_case', vi: 'tiếng Việt' }] });
    const err = new WorkflowUpdateFailedError('refused', failure);
    expect(temporalProblem(err, 'vi')).toEqual({ status: 403, detail: 'tiếng Việt', rule: 'own_case' });
    expect(temporalProblem(err)).toEqual({ status: 403, detail: 'english', rule: 'own_case' });
  });

  it('gives zod its Vietnamese messages, an unknown id its text, and keeps a schema’s own message English', () => {
    const schema = z.object({
      body: z.object({ termMonths: z.number().int(), unitId: idOf('unit'), note: z.string().refine(() => false, 'a note of its own') }),
    });
    const result = checkRequest(schema, { body: { termMonths: 'x', unitId: 'nope', note: '' } });
    expect(result.success).toBe(false);
    const problem = requestProblem(result.error!);
    expect(problem.inLanguage('vi')).toMatchObject({
      status: 400,
      detail: 'yêu cầu không hợp lệ',
      errors: [
        { path: 'termMonths', message: 'Đầu vào không hợp lệ: mong đợi số, nhận được string' },
        { path: 'note', message: 'a note of its own' },
      ],
    });
    expect(problem.inLanguage('en')).toMatchObject({
      detail: 'the request is not valid',
      errors: [
        { path: 'termMonths', message: 'Invalid input: expected number, received string' },
        { path: 'note', message: 'a note of its own' },
      ],
    });
  });

  it('gives the text and date rules of a field in each language', () => {
    const schema = z.object({ body: z.object({ number: line('reference') }) });
    const result = checkRequest(schema, { body: { number: '45\nQĐ' } });
    expect(requestProblem(result.error!).inLanguage('vi').errors).toEqual([{ path: 'number', message: 'phải nằm trên một dòng' }]);
    expect(requestProblem(result.error!).inLanguage('en').errors).toEqual([{ path: 'number', message: 'must be a single line' }]);
  });

  it('names an unknown id in Vietnamese', () => {
    const schema = z.object({ body: z.object({ unitId: idOf('unit') }) });
    const result = checkRequest(schema, { body: { unitId: 'nope' } });
    expect(requestProblem(result.error!).inLanguage('vi')).toMatchObject({
      status: 404,
      detail: 'không có đơn vị nào với mã này',
      errors: [{ path: 'unitId', message: 'không có đơn vị nào với mã này' }],
    });
  });
});
