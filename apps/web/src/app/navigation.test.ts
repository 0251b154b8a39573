import { describe, expect, it } from 'vitest';
import { ROLE_MENUS, navDescription } from './navigation';

// The verbs of pages where a role can act; a role that may only read is never promised them.
const ACTIONS = /整班申报|生成|登记|申请|导入|新建|重置|办理|审核|确认|处理|维护/;

describe('the 工作台 quick links promise no action a role cannot take', () => {
  it('the viewer reads everything and is offered only reading', () => {
    for (const key of ROLE_MENUS.viewer) expect(navDescription(key, 'viewer'), key).not.toMatch(ACTIONS);
  });
  it('the collector is not offered declaring, nor registering persons', () => {
    expect(navDescription('declarations', 'collector')).not.toMatch(ACTIONS);
    expect(navDescription('persons', 'collector')).not.toMatch(/登记、|办理/);
    expect(navDescription('imports', 'collector')).toContain('已缴费名单');
  });
  it('the agency and units keep the full lines', () => {
    expect(navDescription('declarations', 'agency_admin')).toContain('整班申报');
    expect(navDescription('declarations', 'unit_operator')).toContain('整班申报');
  });
});
