import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../test/build-test-app';

// The sandbox wallet's cashier routes are public (tests and demo only): limited like every public page.
let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(() => t.close());

describe('[LIMITS] sandbox wallet routes', () => {
  it('answer 429 RATE_LIMITED after 30 a minute from one address, and other addresses are not affected', async () => {
    const get = (ip: string) => t.app.inject({ method: 'GET', url: '/api/v1/sandbox/orders/CB-NO-SUCH-ORDER', remoteAddress: ip });
    const pay = (ip: string) => t.app.inject({ method: 'POST', url: '/api/v1/sandbox/orders/CB-NO-SUCH-ORDER/pay', payload: {}, remoteAddress: ip });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await get('10.80.0.1')).statusCode);
    expect(statuses.slice(0, 30).every((s) => s === 404)).toBe(true);
    const limited = await get('10.80.0.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error).toMatchObject({ code: 'RATE_LIMITED', message: '请求过于频繁，请稍后再试' });
    for (let i = 0; i < 30; i++) await pay('10.80.0.2');
    expect((await pay('10.80.0.2')).statusCode).toBe(429);
    expect((await get('10.80.0.3')).statusCode).toBe(404);
  });
});
