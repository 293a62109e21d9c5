import {
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { FAILURE_TYPES } from '../../domain/types';
import { toProblem } from '../../api/problem';
import { temporalProblem } from '../../api/temporal-errors';

function refused(type: string, message: string, details?: unknown[]) {
  return new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ type, message, nonRetryable: true, details }));
}

function grpcError(code: number) {
  return Object.assign(new Error('grpc'), { code, details: '', metadata: { get: () => [] } });
}

describe('Temporal errors as HTTP answers', () => {
  it('answers a refused Update with the status of its kind and the validator message', () => {
    expect(temporalProblem(refused(FAILURE_TYPES.conflict, 'already recorded'))).toEqual({ status: 409, detail: 'already recorded' });
    expect(temporalProblem(refused(FAILURE_TYPES.forbidden, 'recusal'))).toEqual({ status: 403, detail: 'recusal' });
    expect(temporalProblem(refused(FAILURE_TYPES.not_found, 'no payment x'))).toEqual({ status: 404, detail: 'no payment x' });
  });

  it('names the field of a rule violation from details[0].path', () => {
    expect(temporalProblem(refused(FAILURE_TYPES.rule, 'endorse needs a resolution', [{ path: 'resolutions' }]))).toEqual({
      status: 422,
      detail: 'endorse needs a resolution',
      errors: [{ path: 'resolutions', message: 'endorse needs a resolution' }],
    });
    expect(temporalProblem(refused(FAILURE_TYPES.rule, 'no path', [{}]))).toEqual({ status: 422, detail: 'no path' });
  });

  it('does not claim an Update failure of an unknown type (a 500 then)', () => {
    const err = refused('SomethingElse', 'boom');
    expect(temporalProblem(err)).toBeNull();
    expect(toProblem(err).status).toBe(500);
    expect(temporalProblem(new WorkflowUpdateFailedError('failed', new Error('plain')))).toBeNull();
  });

  it('answers an unknown workflow with 404, a finished one and one already started with 409', () => {
    expect(temporalProblem(new WorkflowNotFoundError('not found', 'rotation-x', undefined))?.status).toBe(404);
    expect(temporalProblem(new WorkflowNotFoundError('workflow execution already completed', 'rotation-x', undefined))?.status).toBe(409);
    expect(temporalProblem(new WorkflowExecutionAlreadyStartedError('started', 'rotation-x', 'rotationCaseWorkflow'))?.status).toBe(409);
  });

  it('answers 503 when Temporal does not answer', () => {
    expect(temporalProblem(new WorkflowUpdateRPCTimeoutOrCancelledError('timed out'))?.status).toBe(503);
    expect(temporalProblem(grpcError(14))?.status).toBe(503);
    expect(temporalProblem(new ServiceError('unavailable', { cause: grpcError(4) }))?.status).toBe(503);
  });

  it('leaves other gRPC errors (our own mistakes) to the 500 answer', () => {
    expect(temporalProblem(grpcError(3))).toBeNull();
    expect(temporalProblem(new Error('unrelated'))).toBeNull();
  });
});
