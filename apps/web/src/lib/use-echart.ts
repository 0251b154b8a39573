import * as echarts from 'echarts/core';
import { useEffect, useRef, type RefObject } from 'react';

/**
 * An ECharts instance on a div for the component's life: resized with its box, disposed on unmount. Each chart
 * registers its own chart types with `echarts.use` and sets its option on the returned instance ref.
 */
export function useEChart(): { el: RefObject<HTMLDivElement | null>; chart: RefObject<echarts.ECharts | null> } {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const observer = new ResizeObserver(() => c.resize());
    observer.observe(el.current);
    return () => {
      observer.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  return { el, chart };
}
