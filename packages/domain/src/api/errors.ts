/** Stable error codes: the API's `error.code`, which clients switch on, never on messages. */
export const ApiErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  ACCOUNT_DISABLED: 'ACCOUNT_DISABLED',
  FORBIDDEN: 'FORBIDDEN',
  CSRF_INVALID: 'CSRF_INVALID',
  /** The account holds a temporary password and must set its own before anything else. */
  PASSWORD_CHANGE_REQUIRED: 'PASSWORD_CHANGE_REQUIRED',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  /** The insurance year is closed: a unit can change nothing of it (`details: { year, closedOn }`). */
  YEAR_CLOSED: 'YEAR_CLOSED',
  /** The insurance year is closed: the agency may change it, giving a reason in the x-change-reason header. */
  REASON_REQUIRED: 'REASON_REQUIRED',
  /** Too many failed logins for an account or from an address; retry after `details.retryAfterSeconds`. */
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  RATE_LIMITED: 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  /** The database cannot be reached for now (restart, failover); nothing was done, the request may be retried. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
} as const;
export type TApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

/** The one code → HTTP status table. */
export const API_ERROR_STATUS: Record<TApiErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  SESSION_EXPIRED: 401,
  INVALID_CREDENTIALS: 401,
  ACCOUNT_DISABLED: 403,
  FORBIDDEN: 403,
  CSRF_INVALID: 403,
  PASSWORD_CHANGE_REQUIRED: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  YEAR_CLOSED: 409,
  REASON_REQUIRED: 409,
  TOO_MANY_ATTEMPTS: 429,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  INTERNAL_ERROR: 500,
  SERVICE_UNAVAILABLE: 503,
};

/** The message of an error answer that names nothing more precise. */
export const API_ERROR_MESSAGES: Record<TApiErrorCode, string> = {
  VALIDATION_FAILED: '请求内容不符合要求',
  UNAUTHENTICATED: '请先登录',
  SESSION_EXPIRED: '登录已过期，请重新登录',
  INVALID_CREDENTIALS: '用户名或密码错误',
  ACCOUNT_DISABLED: '账号已停用，请联系经办机构',
  FORBIDDEN: '无权进行此操作',
  CSRF_INVALID: '请求校验失败，请刷新页面后重试',
  PASSWORD_CHANGE_REQUIRED: '请先修改初始密码',
  NOT_FOUND: '记录不存在',
  CONFLICT: '数据冲突',
  YEAR_CLOSED: '该参保年度已关闭，单位不能再修改；确需修改的，请联系医保经办机构',
  REASON_REQUIRED: '该参保年度已关闭，修改须填写原因',
  TOO_MANY_ATTEMPTS: '尝试次数过多，请稍后再试',
  RATE_LIMITED: '请求过于频繁，请稍后再试',
  PAYLOAD_TOO_LARGE: '提交的内容过大',
  INTERNAL_ERROR: '系统内部错误，请稍后重试',
  SERVICE_UNAVAILABLE: '数据库暂时不可用，请稍后重试',
};
