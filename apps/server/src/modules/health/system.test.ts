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
