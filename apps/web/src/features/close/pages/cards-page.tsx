import { CheckSquareOutlined, DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { cardsApi, type CallInput, type TCardItem, type TCardPage, type TCardStage } from '@canbao/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Col, Empty, Form, Input, Modal, Row, Segmented, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { call, errorMessage, urlOf } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { DateInput } from '../../../components/date-input';
import { EmptyText } from '../../../components/empty-text';
import { FullPageSpin } from '../../../components/full-page-spin';
import { UnitFilter } from '../../../components/list-filters';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { DATE_FORMAT, dayjs } from '../../../lib/datetime';
import { tableScrollWidth } from '../../../lib/table';
import { PAGE_SIZE_OPTIONS, useListSearchParams } from '../../../lib/use-list-search-params';
import { useMe } from '../../auth/hooks/use-me';
import { CampaignYearBar } from '../../declarations/components/campaign-year-bar';
import { defaultCampaignYear } from '../../declarations/declaration-view';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';

type CardQuery = NonNullable<CallInput<typeof cardsApi.list>['query']>;
const findCards = (q: CardQuery, signal?: AbortSignal): Promise<TCardPage> => call(cardsApi.list, { query: q }, { signal });

const STAGE_COLORS: Record<TCardStage, string> = { need_card: 'red', in_production: 'gold', to_collect: 'blue', collected: 'green' };
const FILTERS = ['year', 'unitId', 'stage', 'photo'] as const;

/**
 * 制卡 (Suzhou 000 四.8): the year's declared persons without a social security card, whether a photo is needed and on
 * file, the zip of list and photos for the card centre, and the cards the unit collected from it.
 */
export function CardsPage() {
  const { message } = App.useApp();
  const { me } = useMe();
  const isUnit = me?.user.role === 'unit_operator';
  const years = useCampaignYears();
  const [params, update] = useListSearchParams(FILTERS);
  const year = Number(params.year) || defaultCampaignYear(years.data?.items ?? []) || 0;
  const stage = (['need_card', 'in_production', 'to_collect', 'collected'] as const).find((s) => s === params.stage);
  const unitId = isUnit ? undefined : params.unitId || undefined;
  const query: CardQuery = { year, page: params.page, pageSize: params.pageSize, ...(unitId ? { unitId } : {}), ...(stage ? { stage } : {}), ...(params.photo === 'missing' ? { photoMissing: 'true' as const } : {}) };
  const list = useQuery({ queryKey: [...queryKeys.declarations.all, 'cards', query], queryFn: ({ signal }) => findCards(query, signal), placeholderData: keepPreviousData, enabled: year > 0 });
  const [selected, setSelected] = useState<string[]>([]);
  const [collecting, setCollecting] = useState(false);
  const [form] = Form.useForm<{ collectedOn: Dayjs; collectedBy: string }>();
  const queryClient = useQueryClient();
  const collect = useMutation({
    mutationFn: (v: { collectedOn: string; collectedBy: string }) => call(cardsApi.collect, { body: { personIds: selected, ...v } }),
    onSuccess: (r) => {
      void message.success(`已登记领卡 ${r.recorded} 人${r.skipped.length ? `，${r.skipped[0]!.name}等 ${r.skipped.length} 人未登记：${r.skipped[0]!.reason}` : ''}${r.withoutCard ? `，${r.withoutCard} 人没有待领取的卡` : ''}`);
      setSelected([]);
      setCollecting(false);
      void queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all });
    },
    onError: (e) => void message.error(errorMessage(e)),
  });

  if (years.isPending) return <FullPageSpin />;
  if (years.error) return <QueryErrorAlert error={years.error} onRetry={() => void years.refetch()} />;
  const data = list.data;
  const canExport = year > 0 && (isUnit || !!unitId);

  const columns: TableColumnsType<TCardItem> = [
    { title: '姓名', key: 'name', width: 110, fixed: 'left', render: (_, r) => <Link to={`/persons/${r.personId}`}>{r.name}</Link> },
    { title: '证件号码', dataIndex: 'idNumberMasked', width: 190 },
    ...(isUnit ? [] : [{ title: '单位', dataIndex: 'unitName', width: 200, ellipsis: true }]),
    { title: '年龄', dataIndex: 'age', width: 70, render: (v: number) => `${v} 岁` },
    { title: '年级班级', key: 'class', width: 150, render: (_, r) => `${r.gradeName}${r.className ?? ''}` || <EmptyText>未填</EmptyText> },
    { title: '制卡进度', key: 'stage', width: 130, render: (_, r) => <Tag color={STAGE_COLORS[r.stage]}>{r.stageName}</Tag> },
    {
      title: '照片',
      key: 'photo',
      width: 150,
      render: (_, r) =>
        !r.photoRequired ? (
          <EmptyText>无需照片</EmptyText>
        ) : r.hasPhoto ? (
          <Tag color="green">已有合格照片</Tag>
        ) : (
          <Link to={`/persons/${r.personId}`} data-testid="card-photo-missing">
            <Tag color="red">缺照片</Tag>去上传
          </Link>
        ),
    },
    {
      title: '制卡 / 领取',
      key: 'made',
      width: 200,
      render: (_, r) =>
        r.madeOn ? (
          <span>
            {r.madeOn} 制卡
            {r.collectedOn && (
              <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                {r.collectedOn} 由 {r.collectedBy} 领取
              </Typography.Text>
            )}
          </span>
        ) : (
          <EmptyText>—</EmptyText>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title="制卡"
        backTo="/closing"
        description="当年申报人员中尚未制卡的人员：须报送照片的核对照片，导出名单和照片交市民卡中心制卡；卡制好后登记领取。"
        extra={
          <Space wrap>
            <Link to="/imports?kind=photos">
              <Button icon={<UploadOutlined />}>批量导入照片</Button>
            </Link>
            <Button
              icon={<DownloadOutlined />}
              disabled={!canExport}
              href={canExport ? urlOf(cardsApi.export, { query: { year, ...(unitId ? { unitId } : {}) } }) : undefined}
              title="zip：制卡人员名单（含完整证件号码）和以证件号码命名的照片"
            >
              导出制卡资料
            </Button>
            <Button type="primary" icon={<CheckSquareOutlined />} disabled={selected.length === 0} onClick={() => setCollecting(true)}>
              登记领卡（{selected.length}）
            </Button>
          </Space>
        }
      />
      <CampaignYearBar years={years.data} year={year} onChange={(y) => update({ year: String(y) })} />
      {list.error && <QueryErrorAlert error={list.error} onRetry={() => void list.refetch()} />}
      {data && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={
            data.photoFromAge === null
              ? '本统筹区未要求报送制卡照片'
              : `${data.photoFromAge} 周岁及以上的未制卡人员须按规定格式报送照片${data.collectBy ? `；首次制卡的社保卡请于 ${data.collectBy} 前领取` : ''}`
          }
        />
      )}
      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {(
          [
            ['未制卡', data?.counts.needCard, 'card-count-need'],
            ['缺照片', data?.counts.photoMissing, 'card-count-photo'],
            ['制卡中', data?.counts.inProduction, 'card-count-production'],
            ['待领取', data?.counts.toCollect, 'card-count-collect'],
            ['已领取', data?.counts.collected, 'card-count-collected'],
          ] as const
        ).map(([title, value, id]) => (
          <Col xs={12} md={8} xl={4} key={id}>
            <Card size="small">
              <Statistic title={title} value={value ?? 0} suffix="人" data-testid={id} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card>
        <Space wrap style={{ marginBottom: 16 }}>
          <Segmented
            aria-label="制卡进度"
            value={stage ?? 'all'}
            options={[
              { value: 'all', label: '全部' },
              { value: 'need_card', label: '未制卡' },
              { value: 'in_production', label: '制卡中' },
              { value: 'to_collect', label: '待领取' },
              { value: 'collected', label: '已领取' },
            ]}
            onChange={(v) => update({ stage: v === 'all' ? '' : String(v) })}
          />
          {!isUnit && <UnitFilter value={params.unitId} onChange={(v) => update({ unitId: v })} />}
          <Checkbox checked={params.photo === 'missing'} onChange={(e) => update({ photo: e.target.checked ? 'missing' : '' })}>
            只看缺照片
          </Checkbox>
        </Space>
        <Table<TCardItem>
          data-testid="cards-table"
          rowKey="personId"
          size="middle"
          columns={columns}
          dataSource={data?.items}
          loading={list.isPending || list.isFetching}
          scroll={{ x: tableScrollWidth(columns, { selection: true }) }}
          rowSelection={{ selectedRowKeys: selected, getCheckboxProps: (r) => ({ disabled: r.stage !== 'to_collect' }), onChange: (keys) => setSelected(keys as string[]) }}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="没有需要制卡的人员" /> }}
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
      <Modal
        open={collecting}
        title={`登记领卡（${selected.length} 人）`}
        okText="保存"
        confirmLoading={collect.isPending}
        onCancel={() => setCollecting(false)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          preserve={false}
          initialValues={{ collectedOn: dayjs() }}
          onFinish={(v) => collect.mutate({ collectedOn: v.collectedOn.format(DATE_FORMAT), collectedBy: v.collectedBy.trim() })}
        >
          <Form.Item name="collectedOn" label="领取日期" rules={[{ required: true, message: '请选择领取日期' }]}>
            <DateInput aria-label="领取日期" style={{ width: '100%' }} disabledDate={(d) => d.isAfter(dayjs(), 'day')} />
          </Form.Item>
          <Form.Item name="collectedBy" label="领取人" rules={[{ required: true, whitespace: true, message: '请填写领取人' }]}>
            <Input aria-label="领取人" maxLength={40} placeholder="到市民卡中心领卡的经办人" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
