import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config';

describe('[CONFIG] environment', () => {
  it('defaults to PGlite in ./data on port 3000 with demo data', () => {
    const c = loadConfig({ DATA_DIR: 'memory://' }, '/srv/canbao');
    expect(c).toMatchObject({ port: 3000, databaseUrl: null, seedDemo: true, cookieSecure: false, sessionIdleMinutes: 30 });
    expect(loadConfig({ SESSION_SECRET: 'x'.repeat(32) }, '/srv/canbao').dataDir).toBe('/srv/canbao/data');
  });

  it('reports every problem together', () => {
    let message = '';
    try {
      loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://x', SESSION_IDLE_MINUTES: '0' });
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      message = (e as Error).message;
    }
    expect(message).toContain('PORT');
    expect(message).toContain('DATABASE_URL');
    expect(message).toContain('SESSION_IDLE_MINUTES');
  });

  it('takes a scoped login for requests only together with DATABASE_URL', () => {
    const c = loadConfig({ DATA_DIR: 'memory://', DATABASE_URL: 'postgres://canbao_owner@db/canbao', DATABASE_SCOPED_URL: 'postgres://canbao_request@db/canbao' });
    expect(c).toMatchObject({ databaseUrl: 'postgres://canbao_owner@db/canbao', databaseScopedUrl: 'postgres://canbao_request@db/canbao' });
    expect(loadConfig({ DATA_DIR: 'memory://', DATABASE_URL: 'postgres://x@db/c' }).databaseScopedUrl).toBeNull();
    expect(() => loadConfig({ DATA_DIR: 'memory://', DATABASE_SCOPED_URL: 'postgres://x@db/c' })).toThrow(/DATABASE_SCOPED_URL needs DATABASE_URL/);
    expect(() => loadConfig({ DATA_DIR: 'memory://', DATABASE_URL: 'postgres://x@db/c', DATABASE_SCOPED_URL: 'mysql://x' })).toThrow(/DATABASE_SCOPED_URL/);
  });

  it('in production demands a session secret and refuses demo data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: 'memory://' })).toThrow(/SESSION_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' })).toThrow(/refused/);
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_DIR: 'memory://' });
    expect(c.seedDemo).toBe(false);
    expect(c.cookieSecure).toBe(true);
  });
});
