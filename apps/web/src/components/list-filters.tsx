import { GRADES } from '@canbao/domain';
import { useQuery } from '@tanstack/react-query';
import { Input, Select } from 'antd';
import { queryKeys } from '../api/query-keys';
import { findStreets } from '../features/persons/api';
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

/** A community's residents by hukou street: the streets its persons on the roll live in, with head counts. */
export function StreetFilter({ value, onChange, unitId }: { value: string; onChange: (streetCode: string) => void; unitId?: string | undefined }) {
  const streets = useQuery({ queryKey: queryKeys.persons.streets(unitId ?? ''), queryFn: ({ signal }) => findStreets(unitId ? { unitId } : {}, signal) });
  return (
    <Select
      aria-label="街道"
      allowClear
      placeholder="全部街道"
      style={{ width: 180 }}
      value={value || undefined}
      loading={streets.isPending}
      options={(streets.data?.items ?? []).map((s) => ({ value: s.code, label: `${s.name}（${s.count} 人）` }))}
      onChange={(v: string | undefined) => onChange(v ?? '')}
    />
  );
}

/** A name, a full ID number or a part of an address; applied on Enter. */
export function TextFilter({ value, onChange, label, placeholder, width = 240 }: { value: string; onChange: (q: string) => void; label: string; placeholder: string; width?: number }) {
  return (
    <Input.Search key={`q-${value}`} defaultValue={value} aria-label={label} placeholder={placeholder} allowClear style={{ width }} onSearch={(v) => onChange(v.trim())} />
  );
}
