/** RFC 9457 problem details as the backend writes them; extensions (e.g. `operationId`) ride along. */
export interface ProblemDetails {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  errors?: Record<string, string[]>;
  [extension: string]: unknown;
}

/**
 * Every failed backend call surfaces as an ApiError whose `message` is a sentence a user can act on: the problem's
 * `detail` when the backend sent one, otherwise a sentence written here about what could not be reached.
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status; 0 when no response arrived at all. */
    readonly status: number,
    message: string,
    readonly problem: ProblemDetails | null = null,
  ) {
    super(message);
  }

  /** Field name → sentences, from a validation problem's `errors`. */
  get fieldErrors(): Record<string, string[]> {
    return this.problem?.errors ?? {};
  }

  /** A string extension of the problem, such as the `operationId` a 409 carries. */
  extension(name: string): string | undefined {
    const value = this.problem?.[name];
    return typeof value === 'string' ? value : undefined;
  }
}

export function isProblem(value: unknown): value is ProblemDetails {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.detail === 'string' || (typeof candidate.title === 'string' && 'status' in candidate);
}

export function problemToError(status: number, problem: ProblemDetails): ApiError {
  const sentence = problem.detail ?? problem.title ?? `The backend refused the request (HTTP ${status}).`;
  return new ApiError(problem.status ?? status, sentence, problem);
}

/** Parses a body that may be a JSON problem; returns null for anything else. */
export function parseProblem(body: unknown): ProblemDetails | null {
  if (isProblem(body)) return body;
  if (typeof body !== 'string') return null;
  try {
    const parsed: unknown = JSON.parse(body);
    return isProblem(parsed) ? parsed : null;
  } catch {
    return null;
  }
}
