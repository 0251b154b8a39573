import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../../test/build-test-app';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('[SYSTEM] health, OpenAPI, errors', () => {
  it('GET /api/health reports the database kind and the newest migration', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      status: 'ok',
      db: process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite',
      migration: expect.stringMatching(/^\d{8}T\d{4}-/),
    });
  });

  it('publishes an OpenAPI 3 document listing every API route, and browsable docs', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    for (const r of t.app.apiRoutes) {
      const p = r.url.replace(/:(\w+)/g, '{$1}');
      expect(doc.paths[p]?.[r.method.toLowerCase()], `${r.method} ${r.url}`).toBeTruthy();
    }
    expect(doc.paths['/api/v1/auth/login'].post.requestBody).toBeTruthy();
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });

  it('the API docs are never framed and run under a CSP that allows only their own files', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(page.statusCode).toBe(200);
    const csp = String(page.headers['content-security-policy']);
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/unsafe-eval|https:|\*/);
    // swagger-ui works under it: every script is a file of this server (no inline script the CSP would block)...
    const scripts = [...page.body.matchAll(/<script([^>]*)>/g)].map((m) => m[1]!);
    expect(scripts.length).toBeGreaterThan(0);
    for (const attrs of scripts) {
      const src = /src="([^"]+)"/.exec(attrs)?.[1];
      expect(src, attrs).toBeTruthy();
      expect(src).not.toMatch(/^(https?:)?\/\//);
      const file = await t.app.inject({ method: 'GET', url: new URL(src!, 'http://x/api/docs/').pathname });
      expect(file.statusCode, src).toBe(200);
      expect(file.headers['content-security-policy']).toBe(csp);
    }
    // ...and the initializer reads the document from this server and loads no validator badge from elsewhere.
    const init = await t.app.inject({ method: 'GET', url: '/api/docs/static/swagger-initializer.js' });
    expect(init.body).toContain('"validatorUrl":null');
    for (const url of ['/api/openapi.json', '/api/health', '/']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.headers['x-frame-options'], url).toBe('DENY');
      expect(res.headers['content-security-policy'], url).toContain("frame-ancestors 'none'");
    }
  });

  it('answers unknown API paths with the JSON error body and a request id', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/no-such-thing', headers: { 'x-request-id': 'trace-12345678' } });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: { code: 'NOT_FOUND', message: '接口不存在：GET /api/v1/no-such-thing' } });
    expect(res.headers['x-request-id']).toBe('trace-12345678');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('validates path parameters with a Chinese message', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/units/not-a-uuid' });
    // Authentication comes first: an anonymous caller learns nothing about the route's parameters.
    expect(res.statusCode).toBe(401);
  });
});
