import { describe, expect, it } from 'vitest';
import { ApiError } from './apiError';
import { shouldRetryQuery } from './queryRetry';

describe('shouldRetryQuery', () => {
  it('answers at once on the backend’s own answers and retries only when no answer came or the backend failed', () => {
    expect(shouldRetryQuery(0, new ApiError(503, 'There is no cluster.'))).toBe(false);
    expect(shouldRetryQuery(0, new ApiError(404, 'Not found.'))).toBe(false);
    expect(shouldRetryQuery(0, new ApiError(400, 'Bad.'))).toBe(false);
    expect(shouldRetryQuery(0, new ApiError(0, 'The backend did not answer.'))).toBe(true);
    expect(shouldRetryQuery(0, new ApiError(502, 'Bad gateway.'))).toBe(true);
    expect(shouldRetryQuery(3, new ApiError(0, 'The backend did not answer.'))).toBe(false);
  });
});
