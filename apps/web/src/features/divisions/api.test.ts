import { describe, expect, it } from 'vitest';
import { joinDivisionCode, splitDivisionCode } from './api';

describe('division codes of a picker value', () => {
  it('a 9-digit street carries its 6-digit district', () => {
    expect(splitDivisionCode('320508018')).toEqual({ districtCode: '320508', streetCode: '320508018' });
    expect(splitDivisionCode('320508')).toEqual({ districtCode: '320508', streetCode: null });
    expect(splitDivisionCode(null)).toEqual({ districtCode: null, streetCode: null });
  });

  it('the picker holds the deepest code', () => {
    expect(joinDivisionCode('320508', '320508018')).toBe('320508018');
    expect(joinDivisionCode('320508', null)).toBe('320508');
    expect(joinDivisionCode(null, null)).toBeNull();
  });
});
