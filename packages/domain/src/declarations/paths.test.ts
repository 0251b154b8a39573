import { describe, expect, it } from 'vitest';
import { getReadyProfile, instantiateTemplate, quoteFee } from '../policy';
import { factsFromPerson } from './facts';
import { UNIT_KIND_PATHS, quotePath, wrongPathReason } from './paths';

const pupil = {
  documentType: '01',
  documentNumber: '440106200803011012',
  birthDate: '2008-03-01',
  gender: 'male' as const,
  hukouType: 'local_urban' as const,
  hukouDistrictCode: '440106',
  residencePermitSince: null,
  gradeCode: '03',
  pointsEligibility: null,
  unitKind: 'primary' as const,
};

const quote = (profileId: string, p: typeof pupil | (Omit<typeof pupil, 'hukouType' | 'unitKind'> & { hukouType: 'local_rural' | 'local_urban'; unitKind: 'primary' | 'village_committee' }), applyDate: string, exemptions: Parameters<typeof factsFromPerson>[1] = []) =>
  quoteFee(getReadyProfile(profileId), factsFromPerson(p, exemptions, [], applyDate));

describe('enrollment paths (参保途径)', () => {
  it('Guangzhou: a rural-hukou pupil enrolls with the family at the village committee, not through the school', () => {
    const rural = { ...pupil, hukouType: 'local_rural' as const };
    const q = quote('guangzhou-2014', rural, '2014-10-01');
    expect(quotePath(q)).toEqual({ path: 'village', name: '所属村集体经济组织（村民委员会），以家庭为单位' });
    expect(wrongPathReason(q, 'primary')).toBe('按本统筹区政策应由“所属村集体经济组织（村民委员会），以家庭为单位”办理参保，小学不能代为申报');
    expect(wrongPathReason(q, 'village_committee')).toBeNull();
    // An urban pupil is the school's.
    expect(wrongPathReason(quote('guangzhou-2014', pupil, '2014-10-01'), 'primary')).toBeNull();
  });

  it('Nanchong: a pupil with a special identity enrolls as a family, not through the school', () => {
    const p = { ...pupil, documentNumber: '511302201503011015', birthDate: '2015-03-01', hukouDistrictCode: '511302' };
    const profile = getReadyProfile('nanchong-2024');
    const code = profile.identities[0]!.code;
    const q = quoteFee(profile, factsFromPerson(p, [{ categoryCode: code, validFrom: '2020-01-01', validTo: null, certificateName: null, certificateNumber: null, source: 'department_list' }], [], profile.declarationWindow.start));
    expect(quotePath(q)?.path).toBe('family');
    expect(wrongPathReason(q, 'primary')).toContain('以家庭为单位参保（不通过学校）');
    expect(wrongPathReason(q, 'community_office')).toBeNull();
  });

  it('the national template keeps pupils with their school and residents with their community', () => {
    const profile = { ...instantiateTemplate(getReadyProfile('template-2025'), 2027), template: false };
    const atSchool = quoteFee(profile, factsFromPerson({ ...pupil, hukouType: 'local_rural' }, [], [], '2026-11-23'));
    expect(quotePath(atSchool)?.path).toBe('school');
    expect(wrongPathReason(atSchool, 'primary')).toBeNull();
    const resident = quoteFee(profile, factsFromPerson({ ...pupil, gradeCode: null, unitKind: 'community_office' as never }, [], [], '2026-11-23'));
    expect(quotePath(resident)?.path).toBe('community');
    expect(wrongPathReason(resident, 'community_office')).toBeNull();
    expect(wrongPathReason(resident, 'primary')).toContain('小学不能代为申报');
  });

  it('every unit kind serves at least one path, and only schools serve the school path', () => {
    for (const [kind, paths] of Object.entries(UNIT_KIND_PATHS)) {
      expect(paths.length, kind).toBeGreaterThan(0);
      expect(paths.includes('school'), kind).toBe(['primary', 'middle', 'high', 'vocational', 'university', 'kindergarten'].includes(kind));
    }
  });
});
