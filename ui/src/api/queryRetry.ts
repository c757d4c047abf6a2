import { ApiError } from './apiError';

const maxRetries = 3;

/**
 * Whether a failed query is worth asking again. An answer from the backend (a 4xx, or 503 "no cluster") will be the
 * same a second later, and retrying it only keeps a skeleton on screen for seconds before the sentence appears; a
 * missing answer (status 0: backend restarting) or another 5xx may pass on the next try.
 */
export function shouldRetryQuery(failureCount: number, error: unknown): boolean {
  if (failureCount >= maxRetries) return false;
  if (!(error instanceof ApiError)) return true;
  return error.status === 0 || (error.status >= 500 && error.status !== 503);
}
