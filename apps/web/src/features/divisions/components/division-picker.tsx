import type { TDivision } from '@canbao/domain';
import { Cascader } from 'antd';
import { useMemo, useState, type CSSProperties } from 'react';
import { useDivisionChildrenOf, useDivisionPath } from '../hooks/use-divisions';

interface DivisionOption {
  value: string;
  label: string;
  isLeaf: boolean;
  children?: DivisionOption[];
}

export interface DivisionPickerProps {
  /**
   * The division whose descendants are offered: the region (e.g. 320500 苏州市) offers its districts, then their
   * streets; null offers every province (for a hukou outside the region).
   */
  rootCode: string | null;
  /** The deepest level offered. */
  leafLevel?: 'district' | 'street';
  /** The deepest code chosen: a 6-digit district or a 9-digit street. */
  value?: string | null;
  onChange?: (code: string | null) => void;
  id?: string;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  style?: CSSProperties;
  'aria-label'?: string;
}

/** Only a district or a street is an answer; provinces and cities are steps on the way. */
const SELECTABLE_LEVELS: ReadonlySet<string> = new Set(['district', 'street']);

/**
 * Picks a district, or a street of a district, from the administrative division data (GB/T 2260), loading each
 * level from /api/v1/divisions when it is opened. Used for a unit's place and a person's hukou.
 */
export function DivisionPicker({
  rootCode,
  leafLevel = 'street',
  value,
  onChange,
  placeholder,
  allowClear = true,
  ...rest
}: DivisionPickerProps) {
  const pathQuery = useDivisionPath(value);
  // The path just picked in the dropdown, so that the field shows it before the path query answers.
  const [picked, setPicked] = useState<{ code: string; path: string[] } | null>(null);
  // Divisions whose children the user has opened.
  const [opened, setOpened] = useState<string[]>([]);

  const valuePath = useMemo(() => {
    if (!value) return [];
    if (picked?.code === value) return picked.path;
    if (pathQuery.data?.division.code !== value) return [];
    const codes = pathQuery.data.path.map((p) => p.code);
    if (rootCode === null) return codes;
    const at = codes.indexOf(rootCode);
    return at < 0 ? [] : codes.slice(at + 1);
  }, [value, picked, pathQuery.data, rootCode]);

  const parents = useMemo(
    () => [...new Set([rootCode ?? '', ...valuePath.slice(0, -1), ...opened])],
    [rootCode, valuePath, opened],
  );
  const children = useDivisionChildrenOf(parents.map((code) => code || null));

  const { options, levelOf, nameOf } = useMemo(() => {
    const childrenOf = new Map<string, TDivision[]>();
    const levels = new Map<string, string>();
    const names = new Map<string, string>();
    for (const p of pathQuery.data?.path ?? []) names.set(p.code, p.name);
    parents.forEach((parent, i) => {
      const items = children.data[i];
      if (!items) return;
      childrenOf.set(parent, items);
      for (const d of items) {
        levels.set(d.code, d.level);
        names.set(d.code, d.name);
      }
    });
    const build = (parent: string): DivisionOption[] =>
      (childrenOf.get(parent) ?? []).map((d) => {
        const loaded = childrenOf.get(d.code);
        const isLeaf = d.level === leafLevel || d.level === 'street' || loaded?.length === 0;
        return { value: d.code, label: d.name, isLeaf, ...(loaded && !isLeaf ? { children: build(d.code) } : {}) };
      });
    return { options: build(rootCode ?? ''), levelOf: levels, nameOf: names };
  }, [parents, children.data, pathQuery.data, leafLevel, rootCode]);

  const handleChange = (codes: (string | number)[] | undefined) => {
    const path = (codes ?? []).map(String);
    const last = path[path.length - 1];
    if (!last) {
      setPicked(null);
      onChange?.(null);
      return;
    }
    // A province or city: keep browsing; the field keeps its previous answer until a district is picked.
    if (!SELECTABLE_LEVELS.has(levelOf.get(last) ?? '')) return;
    setPicked({ code: last, path });
    onChange?.(last);
  };

  const loading = Boolean(value) && valuePath.length === 0 && pathQuery.isFetching;

  return (
    <Cascader<DivisionOption>
      {...rest}
      options={options}
      value={valuePath.length ? valuePath : undefined}
      onChange={(codes) => handleChange(codes as (string | number)[] | undefined)}
      loadData={(selected) => {
        const target = selected[selected.length - 1];
        if (target) setOpened((prev) => (prev.includes(target.value) ? prev : [...prev, target.value]));
      }}
      changeOnSelect
      allowClear={allowClear}
      showSearch={{ filter: (input, path) => path.some((o) => String(o.label).includes(input.trim())) }}
      displayRender={(labels) => valuePath.map((code, i) => nameOf.get(code) ?? String(labels[i] ?? code)).join(' / ')}
      placeholder={
        loading ? '正在加载…' : (placeholder ?? (rootCode === null ? '选择省 / 市 / 区县 / 街道（乡镇）' : '选择区县 / 街道（乡镇）'))
      }
      notFoundContent={children.isError ? '行政区划加载失败，请稍后重试' : '正在加载…'}
    />
  );
}
