import { MedicineBoxOutlined, PrinterOutlined } from '@ant-design/icons';
import { handbooksApi, type CallInput, type THandbookBatch, type THandbookItem, type THandbookPage, type THandbookSheet } from '@canbao/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, Empty, Form, Input, InputNumber, Modal, Row, Segmented, Space, Statistic, Switch, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { call, errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { EmptyText } from '../../../components/empty-text';
import { FullPageSpin } from '../../../components/full-page-spin';
import { UnitFilter } from '../../../components/list-filters';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { dayjs, formatDateTime } from '../../../lib/datetime';
import { tableScrollWidth } from '../../../lib/table';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import '../../chase/pages/class-sheets.css';

type Query = NonNullable<CallInput<typeof handbooksApi.list>['query']>;
const findHandbooks = (q: Query, signal?: AbortSignal): Promise<THandbookPage> => call(handbooksApi.list, { query: q }, { signal });
const PRIORITY_COLORS = { elderly: 'purple', urgent: 'red', normal: 'default' } as const;

function Sheet({ s, year, regionName }: { s: THandbookSheet; year: number; regionName: string }) {
  const rows: Array<[string, string]> = [
    ['姓名', s.name],
    ['性别', s.gender],
    ['出生日期', s.birthDate],
    ['证件类型', s.documentTypeName],
    ['证件号码', s.documentNumber],
    ['参保单位', s.unitName],
    ['人员类别', s.categoryName],
    ['参保年度', `${year} 年度`],
    ['待遇享受期', `${s.benefitStart} 至 ${s.benefitEnd}`],
    ['缴费日期', s.paidOn ?? ''],
    ['缴费票据号', s.receiptNumber ?? ''],
  ];
  return (
    <section className="cb-class-sheet" data-testid="handbook-sheet">
      <h2 className="cb-class-sheet-title">{regionName}城乡居民基本医疗保险就诊信息表</h2>
      <div className="cb-class-sheet-meta">
        <span>（随医疗保险手册发放，就医时出示）</span>
        <span>{s.priority !== 'normal' ? s.priorityName : ''}</span>
      </div>
      <table className="cb-class-sheet-table">
        <tbody>
          {rows.map(([k, v]) => (
            <tr key={k}>
              <th style={{ width: '28%' }}>{k}</th>
              <td>{v}</td>
            </tr>
          ))}
          <tr>
            <th>定点医疗机构</th>
            <td>{s.designatedInstitutions.length ? s.designatedInstitutions.map((h, i) => <div key={h}>{`${i + 1}. ${h}`}</div>) : '未选定（可在参保人员信息中登记）'}</td>
          </tr>
        </tbody>
      </table>
      <p style={{ marginTop: '5mm' }}>持本表和医疗保险手册到定点医疗机构就医；信息有误请及时到参保单位或社保经办机构更正。本表含个人信息，请妥善保管。</p>
      <div className="cb-class-sheet-sign">
        <span>领取人（签字）：</span>
        <span>经办人：</span>
        <span>第 {s.printedCount} 次打印</span>
      </div>
    </section>
  );
}

/**
 * 就诊信息表 and 医疗保险手册 (Beijing 002 十三): the paid of the year, printed in batches — the elderly first, then
 * those who need care urgently — one A4 page per person with the designated hospitals.
 */
export function HandbooksPage() {
  const { message } = App.useApp();
  const { me } = useMe();
  const isUnit = me?.user.role === 'unit_operator';
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(['year', 'unitId', 'show'] as const);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const unitId = isUnit ? undefined : params.unitId || undefined;
  const show = params.show === 'printed' ? 'false' : params.show === 'all' ? undefined : 'true';
  const query: Query = { year, page: params.page, pageSize: params.pageSize, ...(unitId ? { unitId } : {}), ...(show ? { pending: show } : {}) };
  const list = useQuery({ queryKey: [...queryKeys.declarations.all, 'handbooks', query], queryFn: ({ signal }) => findHandbooks(query, signal), placeholderData: keepPreviousData, enabled: year > 0 });
  const queryClient = useQueryClient();
  const [batchSize, setBatchSize] = useState(50);
  const [batch, setBatch] = useState<THandbookBatch | null>(null);
  const [marking, setMarking] = useState<THandbookItem | null>(null);
  const [form] = Form.useForm<{ urgent: boolean; note?: string }>();
  const print = useMutation({
    mutationFn: (personIds?: string[]) => call(handbooksApi.print, { body: { year, ...(unitId ? { unitId } : {}), ...(personIds ? { personIds } : { batchSize }) } }),
    onSuccess: (b) => {
      setBatch(b);
      void queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const mark = useMutation({
    mutationFn: (v: { personId: string; urgent: boolean; note?: string }) => call(handbooksApi.markUrgent, { params: { id: v.personId }, body: { year, urgent: v.urgent, ...(v.note ? { note: v.note } : {}) } }),
    onSuccess: (item) => {
      void message.success(item.priority === 'urgent' ? `已将 ${item.name} 标记为急需就医，优先打印` : `已更新 ${item.name}`);
      setMarking(null);
      void queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  useEffect(() => {
    document.body.classList.add('cb-print-sheets');
    return () => document.body.classList.remove('cb-print-sheets');
  }, []);
  useEffect(() => {
    if (marking) form.setFieldsValue({ urgent: true, note: marking.urgentNote ?? undefined });
  }, [marking, form]);

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  const data = list.data;

  const columns: TableColumnsType<THandbookItem> = [
    { title: '姓名', key: 'name', width: 110, fixed: 'left', render: (_, r) => <Link to={`/persons/${r.personId}`}>{r.name}</Link> },
    { title: '证件号码', dataIndex: 'idNumberMasked', width: 190 },
    ...(isUnit ? [] : [{ title: '单位', dataIndex: 'unitName', width: 200, ellipsis: true }]),
    { title: '年龄', dataIndex: 'age', width: 70, render: (v: number) => `${v} 岁` },
    {
      title: '打印顺序',
      key: 'priority',
      width: 180,
      render: (_, r) => (
        <span data-testid="handbook-priority">
          <Tag color={PRIORITY_COLORS[r.priority]}>{r.priorityName}</Tag>
          {r.urgentNote && <Typography.Text type="secondary">{r.urgentNote}</Typography.Text>}
        </span>
      ),
    },
    { title: '已打印', key: 'printed', width: 170, render: (_, r) => (r.printedCount ? `${r.printedCount} 次（${formatDateTime(r.lastPrintedAt)}）` : <EmptyText>未打印</EmptyText>) },
    {
      title: '操作',
      key: 'actions',
      width: 190,
      fixed: 'right',
      render: (_, r) => (
        <Space size={4}>
          {r.priority !== 'elderly' && (
            <Button type="link" size="small" icon={<MedicineBoxOutlined />} onClick={() => setMarking(r)} aria-label={`标记 ${r.name} 急需就医`}>
              {r.priority === 'urgent' ? '急需就医' : '标记急需'}
            </Button>
          )}
          {r.printedCount > 0 && (
            <Button type="link" size="small" icon={<PrinterOutlined />} onClick={() => print.mutate([r.personId])} aria-label={`补打 ${r.name}`}>
              补打
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <>
      <div className="cb-no-print">
        <PageHeader
          title="就诊信息表和医疗保险手册"
          backTo="/closing"
          description="当年已缴费人员的就诊信息表，每人一页 A4，含定点医疗机构；按老年人优先、其次因病急需就医的人员分批打印。"
          extra={
            batch ? (
              <Space wrap>
                <Button onClick={() => setBatch(null)}>返回队列</Button>
                <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()}>
                  打印
                </Button>
              </Space>
            ) : (
              <Space wrap>
                <Space size={4}>
                  <Typography.Text>每批</Typography.Text>
                  <InputNumber aria-label="每批人数" min={1} max={500} value={batchSize} onChange={(v) => setBatchSize(v ?? 50)} />
                  <Typography.Text>人</Typography.Text>
                </Space>
                <Button type="primary" icon={<PrinterOutlined />} loading={print.isPending} disabled={!data?.counts.pending} onClick={() => print.mutate(undefined)}>
                  打印下一批
                </Button>
              </Space>
            )
          }
        />
        {!batch && (
          <>
            <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />
            {list.error && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
            <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
              {(
                [
                  ['已缴费', data?.counts.paid, 'handbook-count-paid'],
                  ['待打印', data?.counts.pending, 'handbook-count-pending'],
                  ['老年人', data?.counts.elderly, 'handbook-count-elderly'],
                  ['急需就医', data?.counts.urgent, 'handbook-count-urgent'],
                ] as const
              ).map(([title, value, id]) => (
                <Col xs={12} md={6} key={id}>
                  <Card size="small">
                    <Statistic title={title} value={value ?? 0} suffix="人" data-testid={id} />
                  </Card>
                </Col>
              ))}
            </Row>
            <Card>
              <Space wrap style={{ marginBottom: 16 }}>
                <Segmented
                  aria-label="打印情况"
                  value={params.show || 'pending'}
                  options={[
                    { value: 'pending', label: '待打印' },
                    { value: 'printed', label: '已打印' },
                    { value: 'all', label: '全部' },
                  ]}
                  onChange={(v) => update({ show: v === 'pending' ? '' : String(v) })}
                />
                {!isUnit && <UnitFilter value={params.unitId} onChange={(v) => update({ unitId: v })} />}
              </Space>
              <Table<THandbookItem>
                data-testid="handbooks-table"
                rowKey="personId"
                size="middle"
                columns={columns}
                dataSource={data?.items}
                loading={list.isPending || list.isFetching}
                scroll={{ x: tableScrollWidth(columns) }}
                locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={show === 'true' ? '没有待打印的人员' : '没有已缴费人员'} /> }}
                pagination={{
                  current: params.page,
                  pageSize: params.pageSize,
                  total: data?.total ?? 0,
                  showSizeChanger: true,
                  pageSizeOptions: PAGE_SIZE_OPTIONS,
                  showTotal: (total) => <Typography.Text type="secondary">共 {total} 人</Typography.Text>,
                  onChange: (page, pageSize) => update(pageSize !== params.pageSize ? { page: 1, pageSize } : { page, pageSize }),
                }}
              />
            </Card>
          </>
        )}
        {batch && (
          <Alert
            type="success"
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="handbook-batch"
            title={`本批 ${batch.sheets.length} 人，已记为打印（${dayjs(batch.printedAt).format('YYYY-MM-DD HH:mm')}）；还有 ${batch.remaining} 人待打印`}
            description="打印时请选择 A4 纸、纵向、缩放 100%。本表含完整证件号码，请当面发给本人或家长。"
          />
        )}
      </div>
      {batch && (
        <div className="cb-class-sheets">
          {batch.sheets.map((s) => (
            <Sheet key={s.personId} s={s} year={batch.year} regionName={batch.regionName} />
          ))}
        </div>
      )}
      <Modal
        open={marking !== null}
        title={marking ? `因病急需就医：${marking.name}` : ''}
        okText="保存"
        confirmLoading={mark.isPending}
        onCancel={() => setMarking(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Typography.Paragraph type="secondary">已缴费、因病急需就医的人员排在老年人之后优先打印；关闭即取消标记。</Typography.Paragraph>
        <Form form={form} layout="vertical" preserve={false} onFinish={(v) => marking && mark.mutate({ personId: marking.personId, urgent: v.urgent, ...(v.note?.trim() ? { note: v.note.trim() } : {}) })}>
          <Form.Item name="urgent" label="急需就医" valuePropName="checked">
            <Switch aria-label="急需就医" />
          </Form.Item>
          <Form.Item name="note" label="说明">
            <Input aria-label="说明" maxLength={100} placeholder="如：住院治疗、需长期门诊" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
