import { API_ENDPOINTS, type EndpointSpec } from '@canbao/domain';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app';
import { accessPlugin } from './access';

/**
 * The server serves the contract, the whole contract and nothing but the contract: every /api/v1 route was
 * registered from its contract entry, every entry is served, and the OpenAPI document lists them all.
 */
const key = (e: { method: string; path: string }) => `${e.method} ${e.path}`;
const openApiPath = (path: string) => path.replace(/:(\w+)/g, '{$1}');

let t: TestApp;
let noSandbox: TestApp;
beforeAll(async () => {
  [t, noSandbox] = await Promise.all([buildTestApp({ PAYMENT_SANDBOX: 'true' }), buildTestApp({ PAYMENT_SANDBOX: 'false' })]);
});
afterAll(() => Promise.all([t?.close(), noSandbox?.close()]));

describe('[CONTRACT] routes and contract agree', () => {
  it('every /api/v1 route was registered from its own contract entry', () => {
    expect(t.app.apiRoutes.length).toBeGreaterThanOrEqual(API_ENDPOINTS.length - 1);
    for (const route of t.app.apiRoutes) {
      const spec = route.endpoint;
      expect(spec, `${route.method} ${route.url} is not in the contract`).not.toBeNull();
      expect(API_ENDPOINTS.includes(spec!), `${route.method} ${route.url}`).toBe(true);
      expect(key(spec!)).toBe(`${route.method} ${route.url}`);
    }
  });

  it('every contract entry is served, with the contract’s access rule', () => {
    for (const spec of API_ENDPOINTS) {
      expect(t.app.hasRoute({ method: spec.method, url: spec.path }), `${key(spec)} is declared but not served`).toBe(true);
      const route = t.app.apiRoutes.find((r) => r.method === spec.method && r.url === spec.path);
      if (spec.path.startsWith('/api/v1/')) expect(route?.access, key(spec)).toBe(spec.access);
    }
  });

  it('the OpenAPI document lists every endpoint not hidden, under its method', () => {
    const paths = (t.app.swagger() as { paths: Record<string, Record<string, unknown>> }).paths;
    for (const spec of API_ENDPOINTS.filter((e: EndpointSpec) => !e.hide)) {
      expect(paths[openApiPath(spec.path)]?.[spec.method.toLowerCase()], `${key(spec)} is missing from /api/openapi.json`).toBeTruthy();
    }
  });

  it('without the sandbox wallet its endpoints are not served, and everything else is', () => {
    for (const spec of API_ENDPOINTS) {
      expect(noSandbox.app.hasRoute({ method: spec.method, url: spec.path }), key(spec)).toBe(!spec.sandboxOnly);
    }
    expect(API_ENDPOINTS.some((e) => e.sandboxOnly)).toBe(true);
  });

  it('an /api/v1 route registered beside the contract stops the server at start-up', async () => {
    const app = Fastify();
    await app.register(accessPlugin, { config: t.config, database: t.database });
    expect(() => app.get('/api/v1/rogue', { config: { access: { roles: 'any' } } }, async () => ({ leaked: true }))).toThrow(
      'GET /api/v1/rogue is not in the API contract',
    );
    await app.close().catch(() => undefined);
  });
});
