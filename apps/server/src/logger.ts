import { maskPersonalText } from '@canbao/domain';
import type { FastifyServerOptions } from 'fastify';

/**
 * Logger options: cookies, CSRF tokens and passwords are redacted; ID and phone numbers are masked wherever they
 * appear in URLs and error messages. Request bodies are never logged.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.cookie',
        'req.headers["x-csrf-token"]',
        'res.headers["set-cookie"]',
        '*.password',
        '*.currentPassword',
        '*.newPassword',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(req: { method: string; url: string; id: string; ip?: string }) {
        return { method: req.method, url: maskPersonalText(req.url), reqId: req.id, ip: req.ip };
      },
      err(err: Error & { code?: string; detail?: string }) {
        return {
          type: err.name,
          code: err.code,
          message: maskPersonalText(err.message ?? ''),
          detail: err.detail ? maskPersonalText(err.detail) : undefined,
          stack: maskPersonalText(err.stack ?? ''),
        };
      },
    },
  };
}
