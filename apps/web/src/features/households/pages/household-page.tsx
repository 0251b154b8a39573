import { FileDoneOutlined, UserAddOutlined } from '@ant-design/icons';
import { HOUSEHOLD_RELATIONS, type TBatchResult, type THouseholdMember, type THouseholdRelation } from '@canbao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Form, Input, Modal, Popconfirm, Select, Space, Statistic, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { errorMessage } from '../../../api/client';
import { queryKeys } from '../../../api/query-keys';
import { EmptyText } from '../../../components/empty-text';
import { FullPageSpin } from '../../../components/full-page-spin';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatYuan } from '../../../lib/money';
import { tableScrollWidth } from '../../../lib/table';
import { BatchResultModal } from '../../declarations/components/batch-result-modal';
import { addHouseholdMember, declareHousehold, getHousehold, removeHouseholdMember } from '../api';

const RELATION_OPTIONS = Object.entries(HOUSEHOLD_RELATIONS)
  .filter(([k]) => k !== 'head')
  .map(([value, label]) => ({ value, label }));
const STATUS_COLORS: Record<string, string> = { declared: 'orange', confirmed: 'gold', settled: 'blue', paid: 'green' };

/** 家庭详情: the members with their relation and this year's declaration; 整户申报 declares every member at once. */
export function HouseholdPage() {
  const { message } = App.useApp();
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const q = useQuery({ queryKey: ['households', 'detail', id], queryFn: ({ signal }) => getHousehold(id, undefined, signal) });
  const [batch, setBatch] = useState<TBatchResult | null>(null);
  const [adding, setAdding] = useState(false);
  const [form] = Form.useForm<{ relation: THouseholdRelation; name: string; documentNumber: string }>();
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ['households'] });
    void queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all });
  };
  const declare = useMutation({
    mutationFn: () => declareHousehold(id, q.data!.year),
    onSuccess: (r) => {
      setBatch(r);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const add = useMutation({
    mutationFn: (v: { relation: THouseholdRelation; name: string; documentNumber: string }) =>
      addHouseholdMember(id, { relation: v.relation, person: { documentType: '01', documentNumber: v.documentNumber.trim(), name: v.name.trim(), hukouType: q.data!.hukouType as 'local_urban' } }),
    onSuccess: () => {
      void message.success('已添加家庭成员');
      setAdding(false);
      refresh();
    },
    onError: (e) => void message.error(errorMessage(e)),
  });
  const remove = useMutation({ mutationFn: (personId: string) => removeHouseholdMember(id, personId), onSuccess: refresh, onError: (e) => void message.error(errorMessage(e)) });

  if (q.isPending) return <FullPageSpin />;
  if (q.error) return <QueryErrorAlert error={q.error} onRetry={() => void q.refetch()} />;
  const h = q.data;
  const undeclared = h.members.filter((m) => !m.declaration).length;

  const columns: TableColumnsType<THouseholdMember> = [
    { title: '姓名', key: 'name', width: 110, render: (_, m) => <Link to={`/persons/${m.personId}`}>{m.name}</Link> },
    { title: '与户主关系', dataIndex: 'relationName', width: 100 },
    { title: '证件号码', dataIndex: 'idNumberMasked', width: 190 },
    { title: '年龄', dataIndex: 'age', width: 70, render: (v: number) => `${v} 岁` },
    { title: '人员类别', key: 'category', width: 130, render: (_, m) => m.declaration?.categoryName ?? <EmptyText>未申报</EmptyText> },
    { title: '资助减免', key: 'subsidy', width: 140, render: (_, m) => m.declaration?.subsidyName ?? <EmptyText>—</EmptyText> },
    { title: '个人应缴', key: 'payable', width: 100, align: 'right', render: (_, m) => (m.declaration ? formatYuan(m.declaration.payableFen) : <EmptyText>—</EmptyText>) },
    {
      title: '状态',
      key: 'status',
      width: 100,
      render: (_, m) => (m.declaration ? <Tag color={STATUS_COLORS[m.declaration.status]}>{m.declaration.statusName}</Tag> : <Tag>未申报</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 90,
      render: (_, m) =>
        m.relation === 'head' ? null : (
          <Popconfirm title={`将 ${m.name} 移出本家庭？`} okText="移出" cancelText="取消" onConfirm={() => remove.mutate(m.personId)}>
            <Button type="link" size="small" aria-label={`移出 ${m.name}`}>
              移出
            </Button>
          </Popconfirm>
        ),
    },
  ];

  return (
    <>
      <PageHeader
        title={`${h.headName ?? ''}家庭`}
        backTo="/households"
        description={`${h.hukouTypeName} · ${h.hukouAddress}`}
        extra={
          <Space wrap>
            <Button icon={<UserAddOutlined />} onClick={() => setAdding(true)}>
              添加成员
            </Button>
            <Button type="primary" icon={<FileDoneOutlined />} loading={declare.isPending} disabled={undeclared === 0} onClick={() => declare.mutate()}>
              整户申报（{undeclared} 人）
            </Button>
          </Space>
        }
      />
      <Card style={{ marginBottom: 16 }}>
        <Space size={48} wrap>
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'unit', label: '登记单位', children: h.unitName ?? '—' },
              { key: 'year', label: '参保年度', children: `${h.year} 年度` },
              ...(h.note ? [{ key: 'note', label: '说明', children: h.note }] : []),
            ]}
          />
          <Statistic title="本年度家庭待缴" value={formatYuan(h.dueFen)} data-testid="household-due" />
        </Space>
      </Card>
      <Card title={`家庭成员（${h.members.length} 人）`}>
        <Table<THouseholdMember> data-testid="household-members" rowKey="personId" size="middle" columns={columns} dataSource={h.members} pagination={false} scroll={{ x: tableScrollWidth(columns) }} />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12 }}>
          整户申报按每名成员本人的年龄、类别、减免身份和参保途径计费；不符合条件或应由其他途径参保的成员会列出原因。申报后请在“参保申报”中做参保缴费确认。
        </Typography.Paragraph>
      </Card>
      <Modal open={adding} title="添加家庭成员" okText="添加" confirmLoading={add.isPending} onCancel={() => setAdding(false)} onOk={() => form.submit()} destroyOnHidden>
        <Form form={form} layout="vertical" preserve={false} initialValues={{ relation: 'child' }} onFinish={(v) => add.mutate(v)}>
          <Form.Item name="relation" label="与户主关系" rules={[{ required: true, message: '请选择关系' }]}>
            <Select aria-label="与户主关系" options={RELATION_OPTIONS} />
          </Form.Item>
          <Form.Item name="name" label="姓名" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input aria-label="姓名" maxLength={70} />
          </Form.Item>
          <Form.Item name="documentNumber" label="居民身份证号码" rules={[{ required: true, whitespace: true, message: '请填写证件号码' }]} extra="已在本单位登记的人员直接加入">
            <Input aria-label="居民身份证号码" maxLength={18} autoComplete="off" />
          </Form.Item>
        </Form>
      </Modal>
      <BatchResultModal title="整户申报" result={batch} onClose={() => setBatch(null)} />
    </>
  );
}
