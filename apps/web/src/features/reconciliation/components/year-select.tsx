import { Select, Space, Typography } from 'antd';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { YearStateTag } from '../../declarations/components/year-state';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';

/**
 * The insurance year of a money page, kept in the URL (?year=); the region's current campaign year by default,
 * else this calendar year's next (the year being collected in autumn).
 */
export function useYearParam() {
  const years = useCampaignYears();
  const [searchParams, setSearchParams] = useSearchParams();
  const fromUrl = Number(searchParams.get('year'));
  const current = years.data?.items.find((i) => i.current)?.year;
  const year = Number.isInteger(fromUrl) && fromUrl >= 2000 ? fromUrl : current;
  const setYear = useCallback(
    (y: number) =>
      setSearchParams(
        (prev) => {
          const sp = new URLSearchParams(prev);
          sp.set('year', String(y));
          return sp;
        },
        { replace: true },
      ),
    [setSearchParams],
  );
  return { year, setYear, years };
}

export function YearSelect({ year, onChange, years }: { year: number | undefined; onChange: (year: number) => void; years: ReturnType<typeof useCampaignYears> }) {
  const items = [...(years.data?.items ?? [])].sort((a, b) => b.year - a.year);
  const options = items.map((i) => ({ value: i.year, label: `${i.year} 年度${i.current ? '（当前）' : ''}` }));
  if (year !== undefined && !items.some((i) => i.year === year)) options.unshift({ value: year, label: `${year} 年度` });
  return (
    <Space size={8} wrap>
      <Typography.Text>参保年度</Typography.Text>
      <Select aria-label="参保年度" style={{ width: 170 }} loading={years.isPending} value={year} options={options} onChange={onChange} />
      <YearStateTag item={items.find((i) => i.year === year)} />
    </Space>
  );
}
