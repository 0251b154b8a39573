import { GRADES } from '@canbao/domain';
import { Input, Select } from 'antd';
import { useUnitOptions } from '../features/units/hooks/use-units';

/**
 * The filters that lists of pupils share (persons, declarations, settlements): a unit for the region's staff, a
 * grade, a class. Each reports '' when cleared, as the URL-kept list filters expect.
 */
export function UnitFilter({ value, onChange, width = 240 }: { value: string; onChange: (unitId: string) => void; width?: number }) {
  const units = useUnitOptions();
  return (
    <Select
      aria-label="单位"
      allowClear
      showSearch={{ optionFilterProp: 'label' }}
      placeholder="全部单位"
      style={{ width }}
      value={value || undefined}
      loading={units.isPending}
      options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      onChange={(v: string | undefined) => onChange(v ?? '')}
    />
  );
}

export function GradeFilter({ value, onChange }: { value: string; onChange: (gradeCode: string) => void }) {
  return (
    <Select
      aria-label="年级"
      allowClear
      placeholder="全部年级"
      style={{ width: 150 }}
      value={value || undefined}
      options={GRADES.map((g) => ({ value: g.code, label: g.name }))}
      onChange={(v: string | undefined) => onChange(v ?? '')}
    />
  );
}

/** Typed, applied on Enter; remounted when the URL changes it (back button, 清除筛选). */
export function ClassFilter({ value, onChange }: { value: string; onChange: (className: string) => void }) {
  return (
    <Input.Search
      key={`c-${value}`}
      defaultValue={value}
      aria-label="班级"
      placeholder="班级，如 2班"
      allowClear
      style={{ width: 160 }}
      onSearch={(v) => onChange(v.trim())}
    />
  );
}
