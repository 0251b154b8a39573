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

  it('in production demands a session secret and refuses demo data', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: 'memory://' })).toThrow(/SESSION_SECRET is required/);
    expect(() => loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DEMO_DATA: 'true' })).toThrow(/refused/);
    const c = loadConfig({ NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40), DATA_DIR: 'memory://' });
    expect(c.seedDemo).toBe(false);
    expect(c.cookieSecure).toBe(true);
  });
});
