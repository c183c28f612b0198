// Typed domain errors with stable dotted codes; the API turns them into the error body in one place.

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 410 | 413 | 415 | 422 | 429 | 500 | 502 | 503 | 504;

export class AppError extends Error {
  readonly code: string;
  readonly status: ErrorStatus;
  readonly details: Record<string, unknown> | undefined;
  /** Seconds, for 429 and 503 answers. */
  readonly retryAfter: number | undefined;

  constructor(
    status: ErrorStatus,
    code: string,
    message: string,
    options: { details?: Record<string, unknown>; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "AppError";
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.retryAfter = options.retryAfter;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(400, code, message, { details });
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const notFound = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(404, code, message, { details });
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(409, code, message, { details });
export const tooManyRequests = (code: string, message: string, retryAfter: number) =>
  new AppError(429, code, message, { retryAfter });
export const badGateway = (code: string, message: string, cause?: unknown) =>
  new AppError(502, code, message, { cause });
export const unavailable = (code: string, message: string, retryAfter?: number) =>
  new AppError(503, code, message, { retryAfter });

/** A write's precondition did not hold (the record exists, is missing, or changed): 409 `store.condition_failed`. */
export class ConditionFailedError extends AppError {
  constructor(options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(409, "store.condition_failed", "The record changed or is in a state that does not allow this.", options);
    this.name = "ConditionFailedError";
  }
}

/** A transaction lost a race with a concurrent one: 409 `store.transaction_conflict`; trying again may succeed. */
export class TransactionConflictError extends AppError {
  constructor(options: { details?: Record<string, unknown>; cause?: unknown } = {}) {
    super(409, "store.transaction_conflict", "A concurrent change got there first; try again.", options);
    this.name = "TransactionConflictError";
  }
}

/** Input that does not match its schema: 400 `validation.failed` with one entry per problem. */
export class ValidationError extends AppError {
  constructor(message: string, issues: { path: string; message: string; code?: string }[]) {
    super(400, "validation.failed", message, { details: { issues } });
    this.name = "ValidationError";
  }
}

export const isConditionFailed = (e: unknown): e is ConditionFailedError => e instanceof ConditionFailedError;

/** Either way a concurrent writer got there first: re-read and decide again. */
export const isWriteConflict = (e: unknown): e is ConditionFailedError | TransactionConflictError =>
  e instanceof ConditionFailedError || e instanceof TransactionConflictError;
