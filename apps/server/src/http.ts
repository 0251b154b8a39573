import {
  type AnswerOf,
  type BodyOf,
  type EndpointSpec,
  type ParamsOf,
  type QueryOf,
  type SuccessStatus,
  errorResponses,
} from '@canbao/domain';
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteShorthandOptions } from 'fastify';

export { ZErrorResponse, ZIdParams, ZPageQuery, ZPaged, errorResponses } from '@canbao/domain';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The contract's declaration of this route (set by `serve`); every /api/v1 route has one. */
    endpoint?: EndpointSpec;
  }
}

/** The request a handler of `E` sees: params, query and body already parsed by the contract's schemas. */
export type EndpointRequest<E extends EndpointSpec> = FastifyRequest<{ Params: ParamsOf<E>; Querystring: QueryOf<E>; Body: BodyOf<E> }>;

/**
 * A handler answers with the body of one of the endpoint's declared success responses (checked by the compiler
 * and, on the way out, by the response schema), or with `reply` when it has sent the answer itself (a file, a
 * cookie-less redirect). The status is the endpoint's first declared success status unless the handler sets
 * another declared one with `reply.code()`.
 */
export type EndpointHandler<E extends EndpointSpec> = (
  request: EndpointRequest<E>,
  reply: FastifyReply,
) => Promise<AnswerOf<E> | FastifyReply> | AnswerOf<E> | FastifyReply;

export interface ServeOptions {
  /** Extra route config (a rate limit). */
  config?: Record<string, unknown>;
  bodyLimit?: number;
  preValidation?: RouteShorthandOptions['preValidation'];
}

const SUCCESS_ORDER: SuccessStatus[] = [200, 201, 202, 204];

/** The status an endpoint answers with when all went well. */
export function successStatus(e: EndpointSpec): SuccessStatus {
  return SUCCESS_ORDER.find((s) => s in e.responses) ?? 200;
}

/** Registers the route the contract declares, with the contract's schemas for validation, serialisation and docs. */
export function serve<E extends EndpointSpec>(app: FastifyInstance, e: E, handler: EndpointHandler<E>, options: ServeOptions = {}): void {
  const status = successStatus(e);
  app.route({
    method: e.method,
    url: e.path,
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    ...(options.preValidation ? { preValidation: options.preValidation } : {}),
    config: { ...options.config, access: e.access, endpoint: e },
    schema: {
      tags: [...e.tags],
      summary: e.summary,
      ...(e.description ? { description: e.description } : {}),
      ...(e.hide ? { hide: true } : {}),
      // Public endpoints need no session cookie in the OpenAPI document either.
      ...('public' in e.access ? { security: [] } : {}),
      ...(e.params ? { params: e.params } : {}),
      ...(e.query ? { querystring: e.query } : {}),
      ...(e.body ? { body: e.body } : {}),
      response: { ...(e.file ? {} : e.responses), ...errorResponses, ...e.errors },
    },
    handler: async (request, reply) => {
      reply.code(status);
      const answer = await handler(request as unknown as EndpointRequest<E>, reply);
      if (answer === reply) return reply;
      if (reply.statusCode === 204) return reply.send(null);
      return answer;
    },
  });
}
