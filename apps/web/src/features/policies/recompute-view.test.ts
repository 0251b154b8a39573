import { describe, expect, it } from 'vitest';
import { deltaText, priceChanges, recomputable, recomputeResultText, recomputeStatusName } from './recompute-view';

const price = { categoryName: '学生儿童', totalFen: 40000, subsidyFen: 0, payableFen: 40000, subsidyName: null };

describe('recompute view', () => {
  it('says what moves in a price, before → after', () => {
    expect(priceChanges(price, { ...price, totalFen: 42000, payableFen: 42000 })).toEqual(['标准 400.00 元 → 420.00 元', '应缴 400.00 元 → 420.00 元']);
    expect(priceChanges(price, { ...price, subsidyFen: 24000, payableFen: 16000, subsidyName: '低保' })).toEqual([
      '减免 0.00 元 → 240.00 元（低保）',
      '应缴 400.00 元 → 160.00 元',
    ]);
    expect(priceChanges(price, { ...price, categoryName: '成年居民' })).toEqual(['类别 学生儿童 → 成年居民']);
    expect(priceChanges(price, price)).toEqual([]);
    expect(deltaText(40000, 42000)).toBe('+20.00 元');
    expect(deltaText(40000, 16000)).toBe('-240.00 元');
    expect(deltaText(1, 1)).toBe('');
  });

  it('counts what a recompute writes and tells its outcome', () => {
    expect(recomputable({ outdated: 3, frozen: 1 })).toBe(2);
    expect(recomputable({ outdated: 1, frozen: 1 })).toBe(0);
    expect(recomputeStatusName('confirmed')).toBe('已确认');
    expect(recomputeResultText({ version: 2, repriced: 2, versionOnly: 0, leftIneligible: 0, frozen: 1 })).toBe(
      '2 条按第 2 版重新计费（已确认的须单位重新确认）；0 条金额不变，仅更新版本；1 条已结算，不变',
    );
  });
});
