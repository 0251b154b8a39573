/**
 * The one HTTP client of the web app. Every call to the API goes through `request` so that CSRF,
 * error decoding and the "session lost" redirect live in one place. Endpoints are called with `call`, typed by the
 * contract in @canbao/domain (inputs and answers), never by a cast.
 */
import { CHANGE_REASON_HEADER, authApi, pathWith, type CallInput, type EndpointSpec, type NoneRequired, type ResponseOf, type TApiErrorCode } from '@canbao/domain';

/** The API's error codes (the contract's), and two of the client's own: the request never reached the API, or the
 * answer was not the API's error shape. The UI switches on these, never on messages. */
export type ApiErrorCode = TApiErrorCode | 'NETWORK_ERROR' | 'BAD_RESPONSE';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: ApiErrorCode | (string & {}),
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get isClientError(): boolean {
    return this.status >= 400 && this.status < 500;
  }
}

export function isApiError(error: unknown): error is ApiError {
  return error instanceof ApiError;
}

/** Chinese message for any thrown value, for message.error / Alert. */
/** The `[{ path, message }]` list a VALIDATION_FAILED or CONFLICT answer carries for form fields. */
export function fieldErrorsOf(error: unknown): { path: string; message: string }[] {
  if (!(error instanceof ApiError) || !Array.isArray(error.details)) return [];
  return error.details.flatMap((d: unknown) => {
    const { path, message } = (d ?? {}) as { path?: unknown; message?: unknown };
    return typeof path === 'string' && path && typeof message === 'string' ? [{ path, message }] : [];
  });
}

export function errorMessage(error: unknown, fallback = '操作失败，请稍后重试'): string {
  if (error instanceof ApiError) return error.message || fallback;
  if (error instanceof Error && error.message) return error.message;
  return fallback;
}

// --- CSRF token: memory only (never localStorage), set from the login and /auth/me responses. ---

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

// --- Session events: the app registers what to do (clear cache, go to /login …) so this module stays UI-free. ---

export interface SessionEventHandlers {
  /** 401 SESSION_EXPIRED / UNAUTHENTICATED on a call other than login and me. */
  onSessionLost: () => void;
  /** 403 PASSWORD_CHANGE_REQUIRED: the account must set its own password first. */
  onPasswordChangeRequired: () => void;
}

let sessionHandlers: SessionEventHandlers | null = null;

export function setSessionEventHandlers(handlers: SessionEventHandlers): () => void {
  sessionHandlers = handlers;
  return () => {
    if (sessionHandlers === handlers) sessionHandlers = null;
  };
}

// Login and me answer 401 as part of their normal flow ("wrong password", "not logged in").
const SESSION_PROBE_PATHS = new Set<string>([authApi.login.path, authApi.me.path]);
const SESSION_LOST_CODES = new Set(['SESSION_EXPIRED', 'UNAUTHENTICATED']);
const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// --- A closed year: the agency's change needs a reason. The app registers who asks for it (a dialog). ---

/**
 * Asked when the API answers REASON_REQUIRED (the agency changing a closed insurance year): resolves to the reason
 * the person typed, or null when they cancelled. The request is then sent again with the reason, once.
 */
export type ChangeReasonProvider = (refusal: ApiError) => Promise<string | null>;

let reasonProvider: ChangeReasonProvider | null = null;

export function setChangeReasonProvider(provider: ChangeReasonProvider): () => void {
  reasonProvider = provider;
  return () => {
    if (reasonProvider === provider) reasonProvider = null;
  };
}

/** Thrown when the person cancelled the reason dialog: nothing was changed, nothing more to show. */
export class ChangeCancelledError extends ApiError {
  constructor(refusal: ApiError) {
    super(refusal.status, refusal.code, '已取消，未作修改', refusal.details);
  }
}

export type QueryValue = string | number | boolean | null | undefined;
export type QueryParams = Record<string, QueryValue>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: QueryParams;
  body?: unknown;
  /** A file sent as it is (a photo), instead of a JSON body. */
  raw?: { data: Blob; contentType: string };
  signal?: AbortSignal;
  /** The reason for changing a closed year, when the person gave one. */
  changeReason?: string;
}

/** Builds `path?query`, leaving out empty values so that "no filter" never becomes `q=`. */
export function buildUrl(path: string, query?: QueryParams): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/** The one fetch of the API; reached only through `call`, `uploadTo` and `downloadFrom`, typed by the contract. */
async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.raw) headers['content-type'] = options.raw.contentType;
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (UNSAFE_METHODS.has(method) && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.changeReason !== undefined) headers[CHANGE_REASON_HEADER] = encodeURIComponent(options.changeReason);

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      body: options.raw ? options.raw.data : options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text ? JSON.parse(text) : undefined) as T;
  }

  const error = await failure(path, response);
  if (error.code === 'REASON_REQUIRED' && options.changeReason === undefined && reasonProvider) {
    const reason = await reasonProvider(error);
    if (reason === null) throw new ChangeCancelledError(error);
    return request<T>(path, { ...options, changeReason: reason });
  }
  throw error;
}

/** The ApiError of a failed answer, after telling the app about a lost session or a required password change. */
async function failure(path: string, response: Response): Promise<ApiError> {
  const error = await decodeError(response);
  if (response.status === 401 && SESSION_LOST_CODES.has(error.code) && !SESSION_PROBE_PATHS.has(path)) {
    csrfToken = null;
    sessionHandlers?.onSessionLost();
  } else if (error.code === 'PASSWORD_CHANGE_REQUIRED') {
    sessionHandlers?.onPasswordChangeRequired();
  }
  return error;
}

export interface UploadProgress {
  loaded: number;
  total: number;
}

/**
 * PUT of a file as the raw body with upload progress, which fetch cannot report: XMLHttpRequest, with the same
 * CSRF header, error decoding and session handling as `request`.
 */
export function uploadRaw<T>(
  path: string,
  data: Blob,
  contentType: string,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', contentType);
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    const { onProgress, signal } = options;
    if (onProgress) {
      xhr.upload.onprogress = (e) => onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : data.size });
    }
    xhr.onerror = () => reject(new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试'));
    xhr.onabort = () => reject(new DOMException('上传已取消', 'AbortError'));
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        resolve((xhr.status === 204 || !xhr.responseText ? undefined : JSON.parse(xhr.responseText)) as T);
        return;
      }
      const response = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' } });
      void failure(path, response).then(reject);
    };
    signal?.addEventListener('abort', () => xhr.abort(), { once: true });
    xhr.send(data);
  });
}

/**
 * The file name of a `content-disposition: attachment` answer: the UTF-8 `filename*` (a Chinese name) before the
 * ASCII `filename`; `fallback` when there is neither.
 */
export function attachmentFileName(header: string | null, fallback: string): string {
  if (!header) return fallback;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header)?.[1];
  if (extended) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      // A malformed escape: the plain name below still names the file.
    }
  }
  const plain = /filename\s*=\s*"([^"]*)"|filename\s*=\s*([^;\s]+)/.exec(header);
  return plain?.[1] || plain?.[2] || fallback;
}

export interface DownloadedFile {
  blob: Blob;
  fileName: string;
}

/**
 * GET of a file (an xlsx export) read whole into memory, so that a refusal comes back as the API's Chinese
 * message instead of a downloaded error page. For files of a few MB at most; large exports stay plain links.
 */
export async function downloadFile(path: string, query: QueryParams | undefined, fallbackName: string, signal?: AbortSignal): Promise<DownloadedFile> {
  let response: Response;
  try {
    response = await fetch(buildUrl(path, query), { credentials: 'same-origin', signal });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'NETWORK_ERROR', '网络连接失败，请检查网络后重试');
  }
  if (!response.ok) throw await failure(path, response);
  let blob: Blob;
  try {
    blob = await response.blob();
  } catch {
    throw new ApiError(0, 'NETWORK_ERROR', '文件下载中断，请重试');
  }
  return { blob, fileName: attachmentFileName(response.headers.get('content-disposition'), fallbackName) };
}

async function decodeError(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: unknown; message?: unknown; details?: unknown } };
    const e = body?.error;
    if (e && typeof e.code === 'string') {
      const message = typeof e.message === 'string' && e.message ? e.message : `请求失败（${response.status}）`;
      return new ApiError(response.status, e.code, message, e.details);
    }
  } catch {
    // Not JSON: a proxy or gateway answered, not the API.
  }
  const message = response.status >= 500 ? `服务暂时不可用（${response.status}），请稍后重试` : `请求失败（${response.status}）`;
  return new ApiError(response.status, response.status >= 500 ? 'INTERNAL_ERROR' : 'BAD_RESPONSE', message);
}

export interface CallOptions {
  signal?: AbortSignal;
}

type CallArgs<E extends EndpointSpec> = NoneRequired extends CallInput<E> ? [input?: CallInput<E>, options?: CallOptions] : [input: CallInput<E>, options?: CallOptions];

/** The URL of an endpoint with its params and query filled in: for links (a file download, an image). */
export function urlOf<E extends EndpointSpec>(e: E, ...[input]: CallArgs<E>): string {
  const { params, query } = (input ?? {}) as { params?: Record<string, unknown>; query?: QueryParams };
  return buildUrl(pathWith(e, params), query);
}

/** Calls an endpoint of the contract: params, query and body typed by its schemas, the answer by its response. */
export function call<E extends EndpointSpec>(e: E, ...[input, options]: CallArgs<E>): Promise<ResponseOf<E>> {
  const { params, query, body } = (input ?? {}) as { params?: Record<string, unknown>; query?: QueryParams; body?: unknown };
  return request<ResponseOf<E>>(pathWith(e, params), { method: e.method, query, body, signal: options?.signal });
}

/** Sends a file as the raw body of an upload endpoint (`upload` in the contract), with progress. */
export function uploadTo<E extends EndpointSpec & { upload: readonly string[] }>(
  e: E,
  params: CallInput<E>['params'],
  data: Blob,
  contentType: string,
  options: { onProgress?: (progress: UploadProgress) => void; signal?: AbortSignal } = {},
): Promise<ResponseOf<E>> {
  return uploadRaw<ResponseOf<E>>(pathWith(e, params as Record<string, unknown> | undefined), data, contentType, options);
}

/** Fetches the file an endpoint answers with (`file` in the contract), so that a refusal comes back in Chinese. */
export function downloadFrom<E extends EndpointSpec & { file: readonly string[] }>(
  e: E,
  input: CallInput<E>,
  fallbackName: string,
  signal?: AbortSignal,
): Promise<DownloadedFile> {
  const { params, query } = input as { params?: Record<string, unknown>; query?: QueryParams };
  return downloadFile(pathWith(e, params), query, fallbackName, signal);
}
