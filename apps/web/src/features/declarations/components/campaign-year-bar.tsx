import { CalendarOutlined } from '@ant-design/icons';
import type { TCampaignYears } from '@canbao/domain';
import { Card, Select, Space, Tag, Typography } from 'antd';
import { WINDOW_LABELS } from '../declaration-view';
import { YearStateTag } from './year-state';

const WINDOW_COLORS = { declaration: 'green', adjustment: 'gold', outside: 'default' } as const;

/** 参保年度 picker with the year's windows and whether today is inside one of them. */
export function CampaignYearBar({ years, year, onChange }: { years: TCampaignYears; year: number; onChange: (year: number) => void }) {
  const item = years.items.find((i) => i.year === year);
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="campaign-year-bar">
      <Space wrap size={[24, 8]} align="center">
        <Space size={8}>
          <Typography.Text strong>参保年度</Typography.Text>
          <Select
            aria-label="参保年度"
            style={{ width: 180 }}
            value={year}
            options={[...years.items]
              .sort((a, b) => b.year - a.year)
              .map((i) => ({ value: i.year, label: `${i.year} 年度${i.current ? '（当前）' : ''}` }))}
            onChange={onChange}
          />
        </Space>
        {item && (
          <>
            <YearStateTag item={item} />
            <Typography.Text>
              <CalendarOutlined style={{ marginInlineEnd: 6, color: '#8a919f' }} />
              申报期 {item.declarationWindow.start} 至 {item.declarationWindow.end}
            </Typography.Text>
            {item.adjustmentWindow ? (
              <Typography.Text title={item.adjustmentWindow.allows}>
                调整期 {item.adjustmentWindow.start} 至 {item.adjustmentWindow.end}
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">无调整期</Typography.Text>
            )}
            <Tag color={WINDOW_COLORS[item.windowToday]} data-testid="window-today">
              今天（{years.today}）{WINDOW_LABELS[item.windowToday]}
            </Tag>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              政策方案：{item.profileName}
            </Typography.Text>
          </>
        )}
      </Space>
    </Card>
  );
}
