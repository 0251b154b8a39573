import { UNIT_METHODS, UNIT_METHOD_NAMES, type TPaymentMode, type TUnitMethod } from '@canbao/domain';
import { Alert, App, Form, Modal, Radio, Select, Space, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useDeclarations } from '../../declarations/hooks/use-declarations';
import { useUnitOptions } from '../../units/hooks/use-units';
import { useSettlementMutations } from '../hooks/use-settlements';

interface Values {
  unitId?: string;
  paymentMode: TPaymentMode;
  unitMethod?: TUnitMethod;
}

/**
 * 生成结算单: freezes the unit's confirmed declarations of the year; paid by the unit as one sum (transfer, bank
 * draft, bank deduction) or by each family with a printed 缴费通知单.
 */
export function CreateSettlementModal({ open, year, pickUnit, onClose }: { open: boolean; year: number; pickUnit: boolean; onClose: () => void }) {
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('paymentMode', form);
  const unitId = Form.useWatch('unitId', form);
  const units = useUnitOptions(open && pickUnit);
  const { create } = useSettlementMutations();
  // What would be frozen: the confirmed declarations not yet settled.
  const pending = useDeclarations({ year, status: 'confirmed', unitId: unitId ?? '', page: 1, pageSize: 1 }, open && (!pickUnit || Boolean(unitId)));
  const confirmedCount = pending.data?.summary.byStatus.confirmed;
  const declaredCount = pending.data?.summary.byStatus.declared ?? 0;

  return (
    <Modal
      open={open}
      title={`生成结算单（${year} 年度）`}
      okText="生成结算单"
      confirmLoading={create.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
      width={600}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ paymentMode: 'per_person', unitMethod: 'transfer' }}
        onFinish={(v) =>
          create.mutate(
            { year, paymentMode: v.paymentMode, ...(pickUnit ? { unitId: v.unitId } : {}), ...(v.paymentMode === 'unit_total' ? { unitMethod: v.unitMethod } : {}) },
            {
              onSuccess: (s) => {
                void message.success(`已生成结算单 ${s.number}：${s.personCount} 人`);
                onClose();
                void navigate(`/settlements/${s.id}`);
              },
              onError: (e) => {
                if (!applyFieldErrors(form, e, ['unitId', 'paymentMode', 'unitMethod'])) void message.error(errorMessage(e));
              },
            },
          )
        }
      >
        {pickUnit && (
          <Form.Item name="unitId" label="代办单位" rules={[{ required: true, message: '请选择代办单位' }]}>
            <Select
              aria-label="代办单位"
              showSearch={{ optionFilterProp: 'label' }}
              placeholder="选择单位"
              loading={units.isPending}
              options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            />
          </Form.Item>
        )}
        {confirmedCount !== undefined && (
          <Alert
            type={confirmedCount > 0 ? 'info' : 'warning'}
            showIcon
            style={{ marginBottom: 16 }}
            data-testid="settlement-pending"
            title={confirmedCount > 0 ? `将冻结已确认、待结算的 ${confirmedCount} 人，按人员类别和减免身份汇总。` : '没有已确认、待结算的申报：请先在“参保申报”中做参保缴费确认。'}
            description={declaredCount > 0 ? `另有 ${declaredCount} 人已申报但未确认，不进入本结算单。` : undefined}
          />
        )}
        <Form.Item name="paymentMode" label="缴费方式" rules={[{ required: true, message: '请选择缴费方式' }]}>
          <Radio.Group>
            <Space direction="vertical">
              <Radio value="per_person">
                逐人缴费通知单
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  每人一张带二维码的通知单，家长扫码缴费
                </Typography.Text>
              </Radio>
              <Radio value="unit_total">
                单位统一缴纳
                <Typography.Text type="secondary" style={{ marginInlineStart: 8 }}>
                  单位一次缴清全部应缴金额
                </Typography.Text>
              </Radio>
            </Space>
          </Radio.Group>
        </Form.Item>
        {mode === 'unit_total' && (
          <Form.Item name="unitMethod" label="缴款方式" rules={[{ required: true, message: '请选择缴款方式' }]}>
            <Radio.Group
              aria-label="缴款方式"
              optionType="button"
              options={UNIT_METHODS.map((m) => ({ value: m, label: UNIT_METHOD_NAMES[m] }))}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
