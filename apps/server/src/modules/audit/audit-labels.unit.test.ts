import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AUDIT_ACTION_NAMES, AUDIT_ENTITY_NAMES, auditActionsMatching, auditValueText } from '@canbao/domain';
import { describe, expect, it } from 'vitest';

const SERVER = path.resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [file] : [];
  });
}

/** Every audit action and object type the server's code writes, read from its source. */
function written() {
  const actions = new Set<string>();
  const entities = new Set<string>();
  for (const file of sources(SERVER)) {
    const text = readFileSync(file, 'utf8');
    // `action: 'x.y'`, `action: cond ? 'x.y' : 'x.z'`, `action = 'x.y'` (a service picking its action).
    for (const m of text.matchAll(/\baction(?::| =)([^\n;]*)/g)) for (const code of m[1]!.matchAll(/'([a-z_]+\.[a-z_]+)'/g)) actions.add(code[1]!);
    for (const m of text.matchAll(/\bentityType: '([a-z_]+)'/g)) entities.add(m[1]!);
  }
  return { actions, entities };
}

describe('audit names', () => {
  const { actions, entities } = written();

  it('every action the server writes has a Chinese name', () => {
    expect(actions.size).toBeGreaterThan(40);
    expect([...actions].filter((a) => !AUDIT_ACTION_NAMES[a])).toEqual([]);
  });

  it('every object type the server writes has a Chinese name', () => {
    expect(entities.size).toBeGreaterThan(10);
    expect([...entities].filter((e) => !AUDIT_ENTITY_NAMES[e])).toEqual([]);
  });

  it('staff find actions by the Chinese words', () => {
    expect(auditActionsMatching('退费').sort()).toEqual(['refund.approved', 'refund.failed', 'refund.refunded', 'refund.rejected', 'refund.requested']);
    expect(auditActionsMatching('结算单')).toEqual(expect.arrayContaining(['settlement.created', 'settlement.cancelled']));
    expect(auditActionsMatching('没有这个词')).toEqual([]);
  });

  it('values read as Chinese: money in 元, statuses by name, nested objects by field', () => {
    expect(auditValueText('payableFen', 24000)).toBe('240.00 元');
    expect(auditValueText('status', 'paid')).toBe('已缴费');
    expect(auditValueText('isDisabled', true)).toBe('是');
    expect(auditValueText('after', { status: 'confirmed', totalFen: 40000 })).toBe('状态：已确认；费用合计：400.00 元');
  });
});
