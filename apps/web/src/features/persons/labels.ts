import { ageOn, validateDocument } from '@canbao/domain';

/** The 56 ethnic groups in the order of GB/T 3304, for the 民族 field. */
export const ETHNICITIES = [
  '汉族', '蒙古族', '回族', '藏族', '维吾尔族', '苗族', '彝族', '壮族', '布依族', '朝鲜族', '满族', '侗族', '瑶族', '白族',
  '土家族', '哈尼族', '哈萨克族', '傣族', '黎族', '傈僳族', '佤族', '畲族', '高山族', '拉祜族', '水族', '东乡族', '纳西族',
  '景颇族', '柯尔克孜族', '土族', '达斡尔族', '仫佬族', '羌族', '布朗族', '撒拉族', '毛南族', '仡佬族', '锡伯族', '阿昌族',
  '普米族', '塔吉克族', '怒族', '乌孜别克族', '俄罗斯族', '鄂温克族', '德昂族', '保安族', '裕固族', '京族', '塔塔尔族',
  '独龙族', '鄂伦春族', '赫哲族', '门巴族', '珞巴族', '基诺族',
] as const;

export type TDerivation =
  | { state: 'empty' }
  | { state: 'invalid'; message: string }
  /** Valid; birth date and gender are present when the document carries them (01, 17, the 2023 07 card). */
  | { state: 'valid'; normalized: string; birthDate?: string; gender?: 'male' | 'female'; age?: number };

/**
 * What a typed document number tells, as the clerk types it: the same validator the API uses, so the form
 * shows the server's message before the server is asked. Birth date, gender and age are derived, never typed.
 */
export function deriveFromDocument(type: string, number: string, today: string): TDerivation {
  if (!number.trim()) return { state: 'empty' };
  const r = validateDocument(type, number, { today });
  if (!r.ok) return { state: 'invalid', message: r.message };
  return {
    state: 'valid',
    normalized: r.normalized,
    ...(r.birthDate ? { birthDate: r.birthDate, age: ageOn(r.birthDate, today) } : {}),
    ...(r.gender ? { gender: r.gender } : {}),
  };
}
