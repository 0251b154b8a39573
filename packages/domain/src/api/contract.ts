import { z } from 'zod';
import type { TRole } from '../access/roles';

/**
 * The API contract: every endpoint of /api/v1 declared once — method, path, access rule, and the zod schemas of its
 * params, query, body and answers. The server registers its routes from these declarations (apps/server/src/http.ts
 * `serve`), the OpenAPI document is generated from the same schemas, and the web calls endpoints through a client
 * typed by them (apps/web/src/api/client.ts `call`). A shape written here is written nowhere else.
 */

/** Kinds of unit-owned records a route's params can name; the cross-unit test substitutes another unit's ids. */
export type ResourceKind =
  | 'unit'
  | 'user'
  | 'profile'
  | 'coordinator'
  | 'person'
  | 'exemption'
  | 'branch_office'
  | 'import_job'
  | 'import_kind'
  | 'report_date'
  | 'audit_sample'
  | 'audit_sample_item'
  | 'household'
  | 'roster_kind'
  | 'declaration'
  | 'settlement'
  | 'refund'
  | 'reconciliation_item'
  | 'channel_terminal';

/**
 * Who may call an endpoint.
 * - public: no session (login, public quotes, payment channels' notifications).
 * - roles: a session whose role is listed. `params` names the resource kind behind each path param.
 */
export type AccessRule =
  | { public: true }
  | {
      roles: readonly TRole[] | 'any';
      params?: Readonly<Record<string, ResourceKind>>;
      /** Allowed while the account must still change its password (me, logout, password change). */
      allowPendingPasswordChange?: boolean;
    };

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type SuccessStatus = 200 | 201 | 202 | 204;

/** One endpoint as the contract declares it. */
export interface EndpointSpec {
  method: HttpMethod;
  path: `/api/${string}`;
  access: AccessRule;
  /** OpenAPI grouping and the one-line Chinese summary shown in /api/docs. */
  tags: readonly string[];
  summary: string;
  description?: string;
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** A JSON body. */
  body?: z.ZodType;
  /** A file sent as the raw body (an upload), of one of these content types; exclusive with `body`. */
  upload?: readonly string[];
  /** JSON answers by success status. 204 answers carry no body (declare it as `z.null()`). */
  responses: Partial<Record<SuccessStatus, z.ZodType>>;
  /**
   * Error answers in the endpoint's own format, by status, in place of the standard error body: a payment channel's
   * notification is refused the way the channel expects. Statuses not named keep the standard body.
   */
  errors?: Partial<Record<keyof typeof errorResponses, z.ZodType>>;
  /** The answer is a file (xlsx, image) of these content types instead of JSON. */
  file?: readonly string[];
  /** Only served when the sandbox payment channel is on (tests and the demo, never production). */
  sandboxOnly?: boolean;
  /** Left out of the OpenAPI document. */
  hide?: boolean;
}

/** Declares an endpoint; the literal types of its path and schemas are kept for the server and the web client. */
export function endpoint<const S extends EndpointSpec>(spec: S): S {
  return spec;
}

/** The names of a path's `:params`. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((m) => m[1]!);
}

// --- What a caller sends and gets, derived from a declaration. ---

type SchemaIn<S> = S extends z.ZodType ? z.input<S> : never;
type SchemaOut<S> = S extends z.ZodType ? z.output<S> : never;

/** The success statuses an endpoint declares. */
export type SuccessOf<E extends EndpointSpec> = Extract<keyof E['responses'], SuccessStatus>;

/** The body of a success answer as the caller receives it (JSON of the schema's output); files are fetched apart. */
export type ResponseOf<E extends EndpointSpec> = E['file'] extends readonly string[]
  ? never
  : { [S in SuccessOf<E>]: S extends 204 ? undefined : SchemaOut<E['responses'][S]> }[SuccessOf<E>];

/** What a handler may answer with: the input of any declared success schema. */
export type AnswerOf<E extends EndpointSpec> = { [S in SuccessOf<E>]: S extends 204 ? null | undefined | void : SchemaIn<E['responses'][S]> }[SuccessOf<E>];

export type ParamsOf<E extends EndpointSpec> = E['params'] extends z.ZodType ? z.output<E['params']> : Record<string, never>;
export type QueryOf<E extends EndpointSpec> = E['query'] extends z.ZodType ? z.output<E['query']> : Record<string, never>;
export type BodyOf<E extends EndpointSpec> = E['body'] extends z.ZodType ? z.output<E['body']> : E['upload'] extends readonly string[] ? unknown : undefined;

export type ParamsInput<E extends EndpointSpec> = E['params'] extends z.ZodType ? z.input<E['params']> : never;
export type QueryInput<E extends EndpointSpec> = E['query'] extends z.ZodType ? z.input<E['query']> : never;
export type BodyInput<E extends EndpointSpec> = E['body'] extends z.ZodType ? z.input<E['body']> : never;

/** An optional query field may also be sent as '' or null ("no filter"): the client leaves such values out. */
type LooseQuery<T> = { [K in keyof T]: undefined extends T[K] ? T[K] | '' | null : T[K] };
/** Nothing required: `NoneRequired extends T` holds when every key of T is optional. */
export type NoneRequired = Record<never, never>;
type Part<K extends string, T> = [T] extends [never] ? { [P in K]?: never } : NoneRequired extends T ? { [P in K]?: T } : { [P in K]: T };

/** What a caller passes to call an endpoint: its path params, query and JSON body, each typed by the contract. */
export type CallInput<E extends EndpointSpec> = Part<'params', ParamsInput<E>> &
  Part<'query', [QueryInput<E>] extends [never] ? never : LooseQuery<QueryInput<E>>> &
  Part<'body', BodyInput<E>>;

/** The path of an endpoint with its params filled in (each escaped). */
export function pathWith(e: Pick<EndpointSpec, 'path'>, params?: Record<string, unknown>): string {
  return e.path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params?.[name];
    if (value === undefined || value === null || value === '') throw new Error(`${e.path}: missing path parameter ${name}`);
    return encodeURIComponent(String(value));
  });
}

// --- Shapes many endpoints share. ---

export const ZErrorResponse = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
export type TErrorResponse = z.infer<typeof ZErrorResponse>;

export const ZPageQuery = z.object({
  page: z.coerce.number<number | string>().int().min(1).default(1),
  pageSize: z.coerce.number<number | string>().int().min(1).max(200).default(20),
});
export type TPageQuery = z.input<typeof ZPageQuery>;

export function ZPaged<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), total: z.number().int(), page: z.number().int(), pageSize: z.number().int() });
}
/** A page of a list answer. */
export type Paged<T> = { items: T[]; total: number; page: number; pageSize: number };

export const ZIdParams = z.object({ id: z.uuid({ message: '编号格式不正确' }) });

/** An insurance year in a query string. */
export const ZYearQuery = z.coerce.number<number | string>().int('参保年度须为整数').min(2000, '参保年度不正确').max(2100, '参保年度不正确');

/** A yes/no flag in a query string. */
export const ZQueryFlag = z.enum(['true', 'false']);

/** The error answers every endpoint can give, for the OpenAPI document. */
export const errorResponses = {
  400: ZErrorResponse,
  401: ZErrorResponse,
  403: ZErrorResponse,
  404: ZErrorResponse,
  409: ZErrorResponse,
  429: ZErrorResponse,
  503: ZErrorResponse,
} as const;
