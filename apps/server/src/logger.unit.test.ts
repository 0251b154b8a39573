import { describe, expect, it } from 'vitest';
import { loggerOptions } from './logger';

describe('[LOGS] personal data never reaches the log in full', () => {
  const opts = loggerOptions('info') as { serializers: Record<string, (v: unknown) => Record<string, unknown>>; redact: { paths: string[] } };

  it('masks ID and phone numbers in request URLs', () => {
    const line = opts.serializers.req!({ method: 'GET', url: '/api/v1/persons?q=320105201001011234&tel=13912345678', id: 'r1' });
    expect(line.url).toBe('/api/v1/persons?q=3201**********1234&tel=139****5678');
  });

  it('masks them in error messages and database details', () => {
    const err = Object.assign(new Error('duplicate 320105201001011234'), { detail: 'Key (id_number)=(320105201001011234) already exists.' });
    const line = opts.serializers.err!(err);
    expect(JSON.stringify(line)).not.toContain('320105201001011234');
    expect(line.detail).toContain('3201**********1234');
  });

  it('redacts cookies, CSRF tokens and passwords', () => {
    expect(opts.redact.paths).toEqual(expect.arrayContaining(['req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password']));
  });
});
