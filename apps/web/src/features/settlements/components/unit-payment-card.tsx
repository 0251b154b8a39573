import { UNIT_METHODS, UNIT_METHOD_NAMES, type TSettlement, type TUnitMethod, type TUnitPaymentResult } from '@canbao/domain';
import { Alert, Button, Card, DatePicker, Form, Input, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors } from '../../../lib/form-errors';
import { CITY_TIME_ZONE, dayjs } from '../../../lib/datetime';
import { fenToYuanInput, formatYuan, parseYuanInput } from '../../../lib/money';
import { useSettlementMutations } from '../hooks/use-settlements';

interface Values {
  method: TUnitMethod;
  transactionId: string;
  amount: string;
  paidAt: Dayjs;
}

const RESULT_TEXT: Record<TUnitPaymentResult['result'], { type: 'success' | 'info' | 'warning'; title: string; description: string }> = {
  recorded: { type: 'success', title: '已登记单位缴款', description: '结算单内人员已记为缴费，电子票据随后开具。' },
  already_recorded: { type: 'info', title: '该交易流水号已登记过，本次未重复记账', description: '同一笔缴款只计一次。' },
  exception: {
    type: 'warning',
    title: '已登记，但与结算单不符，已生成对账异常',
    description: '金额与应缴不一致或结算单已缴清：人员未记为缴费，请在对账中核实处理。',
  },
};

/** Now on the city's wall clock, as the picker shows it whatever the browser's zone (read back as city time). */
const cityNow = () => dayjs(dayjs().tz(CITY_TIME_ZONE).format('YYYY-MM-DD HH:mm:ss'));

/** 登记单位缴款 (agency, collector): the unit's transfer, draft or deduction against a unit-total settlement. */
export function UnitPaymentCard({ settlement }: { settlement: TSettlement }) {
  const [form] = Form.useForm<Values>();
  const { recordPayment } = useSettlementMutations();
  const [outcome, setOutcome] = useState<{ result: TUnitPaymentResult; amountFen: number; transactionId: string } | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const remaining = Math.max(0, settlement.payableFen - settlement.paidFen);
  return (
    <Card title="登记单位缴款" style={{ marginBottom: 16 }} data-testid="unit-payment-card">
      {outcome && (
        <Alert
          type={RESULT_TEXT[outcome.result.result].type}
          showIcon
          closable={{ onClose: () => setOutcome(null) }}
          style={{ marginBottom: 16 }}
          data-testid="unit-payment-result"
          title={RESULT_TEXT[outcome.result.result].title}
          description={`流水号 ${outcome.transactionId}，金额 ${formatYuan(outcome.amountFen)}。${RESULT_TEXT[outcome.result.result].description}`}
        />
      )}
      {failure && <Alert type="error" showIcon closable={{ onClose: () => setFailure(null) }} style={{ marginBottom: 16 }} title={failure} />}
      <Form<Values>
        form={form}
        layout="inline"
        style={{ rowGap: 12 }}
        initialValues={{ method: settlement.unitMethod ?? 'transfer', amount: fenToYuanInput(remaining || settlement.payableFen), paidAt: cityNow() }}
        onFinish={(v) => {
          const amount = parseYuanInput(v.amount);
          if (!amount.ok) return;
          setFailure(null);
          const paidAt = dayjs.tz(v.paidAt.format('YYYY-MM-DD HH:mm:ss'), CITY_TIME_ZONE).format();
          const transactionId = v.transactionId.trim();
          recordPayment.mutate(
            { id: settlement.id, input: { method: v.method, transactionId, amountFen: amount.fen, paidAt } },
            {
              onSuccess: (result) => setOutcome({ result, amountFen: amount.fen, transactionId }),
              onError: (e) => {
                if (!applyFieldErrors(form, e, ['method', 'transactionId', 'paidAt'], { amountFen: 'amount' })) setFailure(errorMessage(e));
              },
            },
          );
        }}
      >
        <Form.Item name="method" label="缴款方式" rules={[{ required: true, message: '请选择缴款方式' }]}>
          <Select aria-label="缴款方式" style={{ width: 130 }} options={UNIT_METHODS.map((m) => ({ value: m, label: UNIT_METHOD_NAMES[m] }))} />
        </Form.Item>
        <Form.Item name="transactionId" label="交易流水号" rules={[{ required: true, whitespace: true, min: 4, message: '请填写交易流水号（至少 4 位）' }]}>
          <Input aria-label="交易流水号" style={{ width: 200 }} maxLength={64} placeholder="银行回单上的流水号" />
        </Form.Item>
        <Form.Item
          name="amount"
          label="金额（元）"
          rules={[
            {
              validator: (_, value: string) => {
                const r = parseYuanInput(value);
                if (!r.ok) return Promise.reject(new Error(r.message));
                return r.fen > 0 ? Promise.resolve() : Promise.reject(new Error('金额须大于 0'));
              },
            },
          ]}
        >
          <Input aria-label="缴款金额" style={{ width: 140 }} inputMode="decimal" />
        </Form.Item>
        <Form.Item name="paidAt" label="到账时间" rules={[{ required: true, message: '请选择到账时间' }]}>
          <DatePicker aria-label="到账时间" showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={recordPayment.isPending}>
            登记缴款
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>
        应缴 {formatYuan(settlement.payableFen)}，已缴 {formatYuan(settlement.paidFen)}。同一交易流水号重复登记只计一次；金额不符会生成对账异常，不记为缴费。
      </Typography.Paragraph>
    </Card>
  );
}
