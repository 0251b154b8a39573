import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/** OpenAPI 3 document at /api/openapi.json, browsable at /api/docs: the contract for tax and bank systems. */
export const openapiPlugin = fp(async (app: FastifyInstance) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Canbao 参保 API',
        description:
          '城乡居民基本医疗保险参保缴费平台接口。错误统一为 {"error":{"code","message","details"}}；' +
          '登录后以 httpOnly 会话 Cookie 鉴权，写操作须带 x-csrf-token 请求头（取自登录或 /api/v1/auth/me 的 csrfToken）。',
        version: '1',
      },
      components: {
        securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'canbao_session' } },
      },
      security: [{ session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // No validator badge: it would load an image from validator.swagger.io, which the docs' CSP refuses anyway.
  await app.register(swaggerUi, { routePrefix: '/api/docs', uiConfig: { validatorUrl: null } });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
});
