import { describe, expect, it } from 'vitest';
import { API, API_ENDPOINTS } from './index';
import { pathParamNames, pathWith, type EndpointSpec } from './contract';

const key = (e: EndpointSpec) => `${e.method} ${e.path}`;

describe('the API contract', () => {
  it('declares each method and path once', () => {
    const keys = API_ENDPOINTS.map(key);
    expect(keys.filter((k, i) => keys.indexOf(k) !== i)).toEqual([]);
  });

  it.each(API_ENDPOINTS.map((e) => [key(e), e] as const))('%s: params, access and answers agree with the path', (_, e) => {
    const names = pathParamNames(e.path).sort();
    expect(Object.keys(e.params?.shape ?? {}).sort(), 'params schema = path params').toEqual(names);
    if (!('public' in e.access)) expect(Object.keys(e.access.params ?? {}).sort(), 'access names the resource of each param').toEqual(names);
    expect(e.path.startsWith('/api/v1/') || e.path === '/api/health', 'under /api/v1').toBe(true);
    expect(e.summary.trim().length, 'a summary for /api/docs').toBeGreaterThan(0);
    if (e.file) expect(Object.keys(e.responses), 'a file endpoint answers with the file, not JSON').toEqual([]);
    else expect(Object.keys(e.responses).length, 'at least one success answer').toBeGreaterThan(0);
    if (e.body && e.upload) throw new Error('a JSON body and an upload exclude each other');
    const empty = e.responses[204];
    if (empty) expect(empty.safeParse(null).success, '204 carries no body').toBe(true);
    if (e.method === 'GET') expect(e.body ?? e.upload, 'GET has no body').toBeUndefined();
  });

  it('is reachable by area and name', () => {
    expect(API.units.get.path).toBe('/api/v1/units/:id');
    expect(API_ENDPOINTS).toContain(API.units.list);
  });
});

describe('pathWith', () => {
  it('fills and escapes every param, and refuses a missing one', () => {
    expect(pathWith({ path: '/api/v1/units/:unitId/coordinators/:id' }, { unitId: 'a/b', id: 'c d' })).toBe('/api/v1/units/a%2Fb/coordinators/c%20d');
    expect(() => pathWith({ path: '/api/v1/units/:id' }, {})).toThrow(/id/);
  });
});
