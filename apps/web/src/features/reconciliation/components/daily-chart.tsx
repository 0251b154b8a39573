import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect } from 'react';
import { useEChart } from '../../../lib/use-echart';
import { formatYuan } from '../../../lib/money';
import { axisYuan, type TDailyChart } from '../reconciliation-view';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

/** Daily amounts received, one stacked bar per day, a colour per channel. Values are fen; labels are yuan. */
export function DailyChart({ chart, height = 320 }: { chart: TDailyChart; height?: number }) {
  const { el, chart: instance } = useEChart();

  useEffect(() => {
    instance.current?.setOption(
      {
        animation: false,
        grid: { left: 64, right: 16, top: 40, bottom: 32 },
        legend: { top: 0, type: 'scroll' },
        tooltip: {
          trigger: 'axis',
          axisPointer: { type: 'shadow' },
          valueFormatter: (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? formatYuan(v) : String(v)),
        },
        xAxis: { type: 'category', data: chart.days },
        yAxis: { type: 'value', name: '元', axisLabel: { formatter: (v: number) => axisYuan(v) } },
        series: chart.series.map((s) => ({ type: 'bar', name: s.name, stack: 'amount', data: s.data, barMaxWidth: 48 })),
      },
      { notMerge: true },
    );
  }, [chart, instance]);

  return <div ref={el} data-testid="daily-chart" role="img" aria-label="每日到账金额（按渠道）" style={{ width: '100%', height }} />;
}
