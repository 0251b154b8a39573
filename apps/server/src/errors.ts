import { API_ERROR_MESSAGES, API_ERROR_STATUS, ApiErrorCode, type TApiErrorCode } from '@canbao/domain';

/** The contract's error codes (packages/domain/src/api/errors.ts), under the server's historical name. */
export const AppErrorCode = ApiErrorCode;
export type AppErrorCode = TApiErrorCode;
export const APP_ERROR_STATUS = API_ERROR_STATUS;
const DEFAULT_MESSAGES = API_ERROR_MESSAGES;

export class AppError extends Error {
  override name = 'AppError';
  readonly code: AppErrorCode;
  readonly details: unknown;
  readonly status: number;

  constructor(code: AppErrorCode, options: { message?: string; details?: unknown } = {}) {
    super(options.message ?? DEFAULT_MESSAGES[code]);
    this.code = code;
    this.details = options.details;
    this.status = APP_ERROR_STATUS[code];
  }
}

export type ErrorBody = { error: { code: AppErrorCode; message: string; details?: unknown } };

export function errorBody(err: AppError): ErrorBody {
  return {
    error: { code: err.code, message: err.message, ...(err.details === undefined ? {} : { details: err.details }) },
  };
}

/** A 400 naming one field, with a message a clerk understands. */
export function fieldError(path: string, message: string, summary = message): AppError {
  return new AppError(AppErrorCode.VALIDATION_FAILED, { message: summary, details: [{ path, message }] });
}
