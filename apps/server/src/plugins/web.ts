import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { AppError, AppErrorCode, errorBody } from '../errors';

/**
 * Serves the built web app at / with history-API fallback to index.html, and answers unknown /api paths with the
 * JSON error body. Hashed assets are cached for a year; index.html never.
 */
export const webPlugin = fp(async (app: FastifyInstance, opts: { root: string | null }) => {
  const root = opts.root && existsSync(path.join(opts.root, 'index.html')) ? opts.root : null;
  if (root) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      index: false,
      setHeaders(res, filePath) {
        res.setHeader(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  } else {
    app.log.warn('web app is not built (apps/web/dist): run `npm run build` to serve it');
  }

  app.setNotFoundHandler((request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api')) {
      return reply.code(404).send(errorBody(new AppError(AppErrorCode.NOT_FOUND, { message: `接口不存在：${request.method} ${url}` })));
    }
    if (request.method === 'GET' && root) {
      const file = url.slice(1);
      // A real file under the root (assets, favicon) is served as itself; every other path is a client route.
      if (file && !file.includes('..') && existsSync(path.join(root, file)) && path.extname(file)) return reply.sendFile(file);
      return reply.header('cache-control', 'no-cache').sendFile('index.html');
    }
    return reply.code(404).type('text/plain; charset=utf-8').send(root ? '页面不存在' : '前端尚未构建：请先运行 npm run build');
  });
});
