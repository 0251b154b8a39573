import { describe, expect, it } from 'vitest';
import { hasDivisionCodeStructure, isKnownDivisionCode, isPossibleIdRegion } from './division-history';
import { computeResidentIdCheckChar, parseResidentId } from './resident-id';

const id = (region: string, birth: string, seq = '123') => {
  const first17 = `${region}${birth.replaceAll('-', '')}${seq}`;
  return first17 + computeResidentIdCheckChar(first17);
};

describe('region codes of ID numbers: those that exist or existed', () => {
  it('knows today’s codes and abolished ones', () => {
    for (const code of ['320508', '110105', '440304', '500101', '110103', '320103', '110229', '810101', '830000']) {
      expect(isKnownDivisionCode(code), code).toBe(true);
    }
    for (const code of ['329999', '320599', '110199', '000000', '32050', 'abcdef']) expect(isKnownDivisionCode(code), code).toBe(false);
  });

  it('refuses 329999, which never existed and never could, however old its holder', () => {
    for (const birth of ['1965-03-01', '1985-06-15', '2010-01-01', '2025-05-01']) {
      const r = parseResidentId(id('329999', birth));
      expect(r, birth).toMatchObject({ ok: false, code: 'ID_UNKNOWN_REGION' });
      expect(r.ok ? '' : r.message).toBe('身份证号码前6位地区码“329999”不是存在过的行政区划代码，请核对');
    }
    expect(hasDivisionCodeStructure('329999')).toBe(false);
  });

  it('accepts abolished codes: 白下区 320103 and 崇文区 110103 for a child born while they existed', () => {
    expect(parseResidentId(id('320103', '2008-04-01'))).toMatchObject({ ok: true, regionCode: '320103' });
    expect(parseResidentId(id('110103', '2005-09-09'))).toMatchObject({ ok: true, regionCode: '110103' });
  });

  it('accepts a code older than our editions for a holder born before them (万县 512201, a 15-digit number too)', () => {
    expect(parseResidentId(id('512201', '1978-02-03'))).toMatchObject({ ok: true, regionCode: '512201' });
    expect(parseResidentId('512201780203123')).toMatchObject({ ok: true, wasLegacy15: true });
    expect(isPossibleIdRegion('512201', '1978-02-03')).toBe(true);
  });

  it('refuses an unknown code for a holder born while our editions cover every year (2002-12 … 2016-07)', () => {
    expect(parseResidentId(id('320599', '2010-06-01'))).toMatchObject({ ok: false, code: 'ID_UNKNOWN_REGION' });
    expect(parseResidentId(id('512201', '2009-06-01'))).toMatchObject({ ok: false, code: 'ID_UNKNOWN_REGION' });
  });

  it('accepts a well-formed unknown code after 2016-07, when a district may have come and gone between editions', () => {
    expect(parseResidentId(id('320599', '2024-06-01'))).toMatchObject({ ok: true });
    expect(parseResidentId(id('329901', '2024-06-01'))).toMatchObject({ ok: false, code: 'ID_UNKNOWN_REGION' });
  });

  it('accepts the residence-permit codes of Hong Kong, Macao and Taiwan residents', () => {
    for (const code of ['810000', '820000', '830000']) expect(parseResidentId(id(code, '2012-01-01'))).toMatchObject({ ok: true });
  });
});
