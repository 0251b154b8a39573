import type { TPayment, TRefundReasonCode } from '@canbao/domain';
import { Alert, App, Button, Empty, Form, Input, Modal, Select, Space, Table, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorMessage, fieldErrorsOf } from '../../../api/client';
import { formatDateTime } from '../../../lib/datetime';
import { fenToYuanInput, formatYuan } from '../../../lib/money';
import { YearSelect, useYearParam } from '../../reconciliation/components/year-select';
import { useMe } from '../../auth/hooks/use-me';
import { YearClosedNotice } from '../../declarations/components/year-state';
import { channelName } from '../../reconciliation/reconciliation-view';
import { usePaymentSearch, useRefundMutations } from '../hooks/use-refunds';
import { REFUND_REASON_OPTIONS, checkRefundAmount, refundableFen } from '../refund-view';

interface FormValues {
  reason: TRefundReasonCode;
  amount: string;
  note?: string;
}

/** 申请退费: find the payment (transaction id or the person's name), then the reason, the amount in yuan and a note. */
export function RequestRefundModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const { year, setYear, years } = useYearParam();
  const { me } = useMe();
  const yearItem = years.data?.items.find((i) => i.year === year);
  // A unit asks nothing more of a closed year; the agency may, giving a reason.
  const locked = me?.user.role === 'unit_operator' && yearItem?.state === 'closed';
  const [q, setQ] = useState('');
  const [payment, setPayment] = useState<TPayment | null>(null);
  const [form] = Form.useForm<FormValues>();
  const payments = usePaymentSearch({ year: year ?? 0, q: year ? q : '' });
  const { request } = useRefundMutations();
  const maxFen = payment ? refundableFen(payment) : null;

  const close = () => {
    setQ('');
    setPayment(null);
    form.resetFields();
    request.reset();
    onClose();
  };

  const choose = (p: TPayment) => {
    setPayment(p);
    form.setFieldsValue({ amount: fenToYuanInput(refundableFen(p)) });
  };

  const submit = (values: FormValues) => {
    if (!payment) return;
    const amount = checkRefundAmount(values.amount, maxFen);
    if (!amount.ok) return;
    const note = values.note?.trim();
    request.mutate(
      { paymentId: payment.id, reason: values.reason, amountFen: amount.fen, ...(note ? { note } : {}) },
      {
        onSuccess: () => {
          void message.success('已提交退费申请，等待经办机构审核');
          close();
        },
        onError: (e) => {
          const amountError = fieldErrorsOf(e).find((f) => f.path === 'amountFen');
          if (amountError) form.setFields([{ name: 'amount', errors: [amountError.message] }]);
        },
      },
    );
  };

  const columns: TableColumnsType<TPayment> = [
    { title: '参保人', dataIndex: 'personName', width: 90, render: (v: string | null, p) => v ?? p.payerName ?? '—' },
    { title: '单位', dataIndex: 'unitName', ellipsis: true, render: (v: string | null) => v ?? '—' },
    {
      title: '渠道 / 交易号',
      key: 'channel',
      width: 200,
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <span>{channelName(p.channel)}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {p.transactionId}
          </Typography.Text>
        </Space>
      ),
    },
    {
      title: '金额',
      key: 'amount',
      width: 120,
      align: 'right',
      render: (_, p) => (
        <Space orientation="vertical" size={0}>
          <span>{formatYuan(p.amountFen)}</span>
          {p.refundedFen > 0 && (
            <Typography.Text type="danger" style={{ fontSize: 12 }}>
              已退 {formatYuan(p.refundedFen)}
            </Typography.Text>
          )}
        </Space>
      ),
    },
    { title: '缴费时间', dataIndex: 'paidAt', width: 140, render: (v: string) => formatDateTime(v, 'YYYY-MM-DD HH:mm') },
  ];

  return (
    <Modal
      open={open}
      title="申请退费"
      width={820}
      onCancel={close}
      destroyOnHidden
      footer={
        <Space>
          <Button onClick={close}>取消</Button>
          <Button type="primary" disabled={!payment || locked} loading={request.isPending} onClick={() => form.submit()}>
            提交申请
          </Button>
        </Space>
      }
    >
      {locked && <YearClosedNotice item={yearItem} role="unit_operator" />}
      <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
        第一步：选择缴费记录。按交易号（电子税票号码）或参保人姓名查找，须完整填写。
      </Typography.Paragraph>
      <Space wrap style={{ marginBottom: 12 }}>
        <YearSelect year={year} onChange={setYear} years={years} />
        <Input.Search
          aria-label="查找缴费记录"
          placeholder="交易号或参保人姓名"
          allowClear
          enterButton="查找"
          style={{ width: 320 }}
          onSearch={(v) => {
            setPayment(null);
            setQ(v.trim());
          }}
        />
      </Space>
      {payments.error && <Alert type="error" showIcon title="查找失败" description={errorMessage(payments.error)} style={{ marginBottom: 12 }} />}
      <Table<TPayment>
        data-testid="refund-payments"
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={q ? payments.data : []}
        loading={payments.isFetching}
        rowSelection={{
          type: 'radio',
          selectedRowKeys: payment ? [payment.id] : [],
          getCheckboxProps: (p) => ({ disabled: refundableFen(p) === 0, 'aria-label': `选择 ${p.transactionId}` }),
          onChange: (_, rows) => rows[0] && choose(rows[0]),
        }}
        onRow={(p) => ({ onClick: () => refundableFen(p) > 0 && choose(p), style: { cursor: 'pointer' } })}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={q ? '没有找到缴费记录' : '请输入交易号或姓名查找'} /> }}
        pagination={{ pageSize: 5, hideOnSinglePage: true, showSizeChanger: false }}
        style={{ marginBottom: 16 }}
      />
      {payment && (
        <Form<FormValues> form={form} layout="vertical" requiredMark onFinish={submit} initialValues={{ reason: 'duplicate' }}>
          <Typography.Paragraph type="secondary" style={{ marginTop: 0 }}>
            第二步：{payment.personName ?? payment.payerName ?? ''} · {channelName(payment.channel)} · {payment.transactionId}，缴费 {formatYuan(payment.amountFen)}
            ，最多可退 {formatYuan(maxFen ?? 0)}（已提交的退费申请也会占用可退金额）。
          </Typography.Paragraph>
          <Space align="start" wrap size={16}>
            <Form.Item name="reason" label="退费原因" rules={[{ required: true, message: '请选择退费原因' }]} style={{ width: 260 }}>
              <Select options={REFUND_REASON_OPTIONS} aria-label="退费原因" />
            </Form.Item>
            <Form.Item
              name="amount"
              label="退费金额（元）"
              // Wide enough for the ledger's refusals (what was paid, what is owed) on two lines.
              style={{ width: 420 }}
              rules={[
                {
                  validator: (_, v: string) => {
                    const r = checkRefundAmount(v, maxFen);
                    return r.ok ? Promise.resolve() : Promise.reject(new Error(r.message));
                  },
                },
              ]}
            >
              <Input inputMode="decimal" suffix="元" aria-label="退费金额" />
            </Form.Item>
          </Space>
          <Form.Item name="note" label="说明" rules={[{ max: 300, message: '说明不超过 300 字' }]}>
            <Input.TextArea rows={2} maxLength={300} showCount placeholder="如：家长在银行柜面重复缴费" />
          </Form.Item>
          {request.error && !fieldErrorsOf(request.error).some((f) => f.path === 'amountFen') && (
            <Alert type="error" showIcon title="提交失败" description={errorMessage(request.error)} />
          )}
        </Form>
      )}
    </Modal>
  );
}
