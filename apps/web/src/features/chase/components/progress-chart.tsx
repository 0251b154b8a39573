import type { TProgressRow } from '@canbao/domain';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useEChart } from '../../../lib/use-echart';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Declared, confirmed and paid by day of the campaign, cumulative: one line each. */
export function ProgressChart({ days, height = 300 }: { days: readonly TProgressRow[]; height?: number }) {
  const { el, chart: instance } = useEChart();

  useEffect(() => {
    instance.current?.setOption(
      {
        animation: false,
        grid: { left: 56, right: 16, top: 40, bottom: 32 },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => `${String(v)} 人` },
        xAxis: { type: 'category', data: days.map((d) => d.label) },
        yAxis: { type: 'value', name: '人', minInterval: 1 },
        series: [
          { type: 'line', name: '已申报', data: days.map((d) => d.declared), showSymbol: days.length < 40 },
          { type: 'line', name: '已确认', data: days.map((d) => d.confirmed), showSymbol: days.length < 40 },
          { type: 'line', name: '已缴费', data: days.map((d) => d.paid), showSymbol: days.length < 40 },
        ],
      },
      { notMerge: true },
    );
  }, [days, instance]);

  return <div ref={el} data-testid="progress-chart" role="img" aria-label="每日累计申报、确认、缴费人数" style={{ width: '100%', height }} />;
}
