import { PolicyError, PolicyErrorCode } from '../errors';
import type { TPolicyProfile } from '../profile';
import { instantiateTemplate } from '../template';
import { BEIJING_2007 } from './beijing-2007';
import { GUANGZHOU_2014 } from './guangzhou-2014';
import { NANCHONG_2023, NANCHONG_2024 } from './nanchong';
import { NANTONG_2021 } from './nantong-2021';
import { SUZHOU_2019 } from './suzhou-2019';
import { TEMPLATE_2025 } from './template-2025';

export { BEIJING_2007, GUANGZHOU_2014, NANCHONG_2023, NANCHONG_2024, NANTONG_2021, SUZHOU_2019, TEMPLATE_2025 };

/** The five seed notices as profiles (Nanchong also for the following year), plus the national template. */
export const READY_PROFILES: readonly TPolicyProfile[] = [
  SUZHOU_2019,
  NANCHONG_2023,
  NANCHONG_2024,
  BEIJING_2007,
  GUANGZHOU_2014,
  NANTONG_2021,
  TEMPLATE_2025,
];

/**
 * A ready profile by id, or undefined. 'template-<year>' for a year after 2025 gives the national template
 * instantiated for that year.
 */
export function findReadyProfile(id: string): TPolicyProfile | undefined {
  const ready = READY_PROFILES.find((p) => p.id === id);
  if (ready) return ready;
  const m = /^template-(\d{4})$/.exec(id);
  const year = m ? Number(m[1]) : NaN;
  if (year > TEMPLATE_2025.insuranceYear && year <= 2100) return instantiateTemplate(TEMPLATE_2025, year);
  return undefined;
}

/** A ready profile by id; throws PolicyError UNKNOWN_PROFILE when there is none. */
export function getReadyProfile(id: string): TPolicyProfile {
  const profile = findReadyProfile(id);
  if (!profile) {
    throw new PolicyError(
      PolicyErrorCode.UNKNOWN_PROFILE,
      `没有编号为“${id}”的政策配置（可用：${READY_PROFILES.map((p) => p.id).join('、')}）`,
    );
  }
  return profile;
}
