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

  it('masks every way a number is written: full-width, percent-encoded, spaced, dashed, +86', () => {
    const forms = [
      '１３９１２３４５６７８',
      '%31%33%39%31%32%33%34%35%36%37%38',
      '%EF%BC%91%EF%BC%93%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98',
      '139%201234%205678',
      '139 1234 5678',
      '139-1234-5678',
      '+8613912345678',
      '+86 139 1234 5678',
      '３２０１０５２０１００１０１１２３４',
      '320105-20100101-1234',
    ];
    for (const form of forms) {
      const url = opts.serializers.req!({ method: 'GET', url: `/api/v1/persons?q=${form}&page=2`, id: 'r1' }).url as string;
      expect(url, form).toMatch(/^\/api\/v1\/persons\?q=(\+?86)?(139\*{4}5678|3201\*{10}1234)&page=2$/);
      const err = opts.serializers.err!(new Error(`找不到 ${form}`));
      expect(String(err.message), form).toMatch(/\*{4}/);
      expect(String(err.message), form).not.toContain('1234 5678');
    }
  });

  it('redacts cookies, CSRF tokens and passwords', () => {
    expect(opts.redact.paths).toEqual(expect.arrayContaining(['req.headers.cookie', 'req.headers["x-csrf-token"]', '*.password']));
  });
});
