import { WINDOW_KIND_NAMES, type TFeeQuote, type TFeeQuoteAnswer, type TLevelQuote } from '@canbao/domain';
import { Alert, Col, Descriptions, Row, Statistic, Table, Tag, Typography, type DescriptionsProps, type TableColumnsType } from 'antd';
import { formatYuan } from '../../../lib/money';
import { WINDOW_KIND_COLORS, type TCitedNotice } from '../policy-text';
import { SourceCite } from './source-cite';

interface FeeRow {
  key: string;
  name: string;
  amountFen: number;
}

const feeColumns: TableColumnsType<FeeRow> = [
  { title: '费用项目', dataIndex: 'name' },
  {
    title: '金额',
    dataIndex: 'amountFen',
    align: 'right',
    width: 160,
    render: (fen: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(fen)}</span>,
  },
];

function verdict(quote: TFeeQuote) {
  if (!quote.eligible) {
    const why = quote.reasons.find((r) => r.rule.startsWith('eligibility.') || r.rule.startsWith('category.'));
    return <Alert type="error" showIcon title="不在本方案的参保范围内" description={why?.message} data-testid="quote-verdict" />;
  }
  if (!quote.allowed) {
    return (
      <Alert
        type="warning"
        showIcon
        title="所选日期不能办理参保缴费"
        description="所选办理日期不在申报期或调整期内，下列金额按该类别标准计算，仅供参考。"
        data-testid="quote-verdict"
      />
    );
  }
  return (
    <Alert
      type="success"
      showIcon
      title={`可以在${WINDOW_KIND_NAMES[quote.window]}内办理参保缴费`}
      description={quote.payableFen === 0 ? '个人无需缴费（已全额资助），但仍须申报参保。' : undefined}
      data-testid="quote-verdict"
    />
  );
}

const levelColumns: TableColumnsType<TLevelQuote> = [
  { title: '学段', dataIndex: 'schoolLevelNames' },
  { title: '人员类别', key: 'category', render: (_, g) => g.quote.category.name },
  {
    title: '个人应缴',
    key: 'payable',
    align: 'right',
    width: 120,
    render: (_, g) => (g.quote.eligible ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(g.quote.payableFen)}</span> : '—'),
  },
  {
    title: '能否办理',
    key: 'allowed',
    width: 96,
    render: (_, g) => (g.quote.eligible && g.quote.allowed ? <Tag color="success">可以办理</Tag> : <Tag color="error">不能办理</Tag>),
  },
];

/** A fee quote as a parent reads it: can I enroll, how much, what for, from when, and why. */
export function FeeQuoteResult({ quote, notice }: { quote: TFeeQuoteAnswer; notice: TCitedNotice | null }) {
  const items: DescriptionsProps['items'] = [
    { key: 'year', label: '参保年度', children: `${quote.year} 年度` },
    { key: 'category', label: '人员类别', children: quote.category.name },
    {
      key: 'window',
      label: '办理时段',
      children: (
        <Tag color={WINDOW_KIND_COLORS[quote.window]} data-testid="quote-window" style={{ marginInlineEnd: 0 }}>
          {WINDOW_KIND_NAMES[quote.window]}
        </Tag>
      ),
    },
    {
      key: 'allowed',
      label: '能否办理',
      children: quote.eligible && quote.allowed ? <Tag color="success">可以办理</Tag> : <Tag color="error">不能办理</Tag>,
    },
    { key: 'path', label: '办理渠道', children: quote.path.name, span: 2 },
    {
      key: 'benefit',
      label: '待遇享受期',
      children: (
        <span data-testid="quote-benefit">
          {quote.benefitStart} 至 {quote.benefitEnd}
        </span>
      ),
    },
    {
      key: 'waiting',
      label: '待遇等待期',
      children: quote.waitingDays > 0 ? <Typography.Text type="warning">{quote.waitingDays} 天</Typography.Text> : '无',
    },
  ];

  const rows: FeeRow[] = quote.parts.map((p) => ({ key: p.code, name: p.name, amountFen: p.amountFen }));

  return (
    <div data-testid="quote-result" style={{ display: 'flex', flexDirection: 'column', gap: 16 }}>
      {verdict(quote)}
      <Row gutter={[16, 16]}>
        <Col xs={24} sm={10}>
          <Statistic
            title="个人应缴"
            value={formatYuan(quote.payableFen, { unit: false })}
            suffix="元"
            styles={{ content: { color: '#1f5fbf', fontWeight: 600, fontVariantNumeric: 'tabular-nums' } }}
            data-testid="quote-payable"
          />
        </Col>
        <Col xs={12} sm={7}>
          <Statistic title="缴费标准" value={formatYuan(quote.totalFen, { unit: false })} suffix="元" />
        </Col>
        <Col xs={12} sm={7}>
          <Statistic title="减免（资助）" value={formatYuan(quote.subsidyFen, { unit: false })} suffix="元" />
        </Col>
      </Row>
      {quote.byLevel && (
        <div>
          <Typography.Title level={5} style={{ marginTop: 0 }}>
            各学段缴费标准
          </Typography.Title>
          <Table<TLevelQuote>
            size="small"
            bordered
            pagination={false}
            rowKey={(g) => g.schoolLevels.join()}
            columns={levelColumns}
            dataSource={quote.byLevel}
            data-testid="quote-by-level"
          />
        </div>
      )}
      <Descriptions bordered size="small" column={{ xs: 1, md: 2 }} items={items} styles={{ label: { width: 112, whiteSpace: 'nowrap' } }} />
      <Table<FeeRow>
        size="small"
        bordered
        pagination={false}
        columns={feeColumns}
        dataSource={rows}
        data-testid="quote-parts"
        summary={() => (
          <>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>缴费标准合计</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong>{formatYuan(quote.totalFen)}</Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                减免（资助）{quote.subsidy && <Typography.Text type="secondary">：{quote.subsidy.name}</Typography.Text>}
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                {quote.subsidyFen > 0 ? `−${formatYuan(quote.subsidyFen)}` : formatYuan(0)}
              </Table.Summary.Cell>
            </Table.Summary.Row>
            <Table.Summary.Row>
              <Table.Summary.Cell index={0}>
                <Typography.Text strong>个人应缴</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={1} align="right">
                <Typography.Text strong style={{ color: '#1f5fbf' }}>
                  {formatYuan(quote.payableFen)}
                </Typography.Text>
              </Table.Summary.Cell>
            </Table.Summary.Row>
          </>
        )}
      />
      <div>
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          计算依据
        </Typography.Title>
        <ol data-testid="quote-reasons" style={{ margin: 0, paddingInlineStart: 20, display: 'flex', flexDirection: 'column', gap: 8 }}>
          {quote.reasons.map((r, i) => (
            <li key={`${r.rule}-${i}`}>
              <div>{r.message}</div>
              <SourceCite source={r.source} notice={notice} plain />
            </li>
          ))}
        </ol>
      </div>
    </div>
  );
}
