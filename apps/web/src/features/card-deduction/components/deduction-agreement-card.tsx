import { BankOutlined } from '@ant-design/icons';
import { SUPPORTED_BANKS, ZDeductionAccountNumber, ZDeductionAgreementInput, type TBankCode, type TPersonDetail } from '@canbao/domain';
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Modal, Popconfirm, Select, Space, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { DateInput } from '../../../components/date-input';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { DATE_FORMAT, cityToday, dayjs, formatDateTime } from '../../../lib/datetime';
import { zodRule } from '../../../lib/zod-rule';
import { placeSubmitError } from '../../units/submit-error';
import { useDeductionAgreement, useDeductionAgreementMutations } from '../hooks/use-card-deduction';

interface AgreementForm {
  bankCode: TBankCode;
  accountNumber: string;
  accountHolder: string;
  holderIdNumber?: string;
  signedOn: Dayjs;
}

const FIELDS = ['bankCode', 'accountNumber', 'accountHolder', 'holderIdNumber', 'signedOn'] as const;
const BANK_OPTIONS = SUPPORTED_BANKS.map((b) => ({ value: b.code, label: b.name }));

/**
 * 银行卡代扣协议 on the person's page: the bank, the account (masked — the full number goes only into the bank's
 * deduction file), the holder and the signing date; 签订/更换 and 解除 for the agency and the unit holding the person.
 */
export function DeductionAgreementCard({ person, canEdit, canRevoke }: { person: TPersonDetail; canEdit: boolean; canRevoke: boolean }) {
  const { message } = App.useApp();
  const agreement = useDeductionAgreement(person.id, true);
  const { sign, revoke } = useDeductionAgreementMutations(person.id);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<AgreementForm>();
  const [submitError, setSubmitError] = useState<string | null>(null);
  const current = agreement.data ?? null;

  const start = () => {
    setSubmitError(null);
    form.resetFields();
    // A new agreement is mostly the guardian's card for a child: the holder starts as the guardian, today as the date.
    form.setFieldsValue({
      bankCode: (current?.bankCode as TBankCode | undefined) ?? undefined,
      accountHolder: current?.accountHolder ?? person.guardian?.name ?? person.name,
      signedOn: dayjs(cityToday()),
    });
    setOpen(true);
  };

  const onFinish = (v: AgreementForm) => {
    setSubmitError(null);
    const body = {
      bankCode: v.bankCode,
      accountNumber: v.accountNumber,
      accountHolder: v.accountHolder,
      holderIdNumber: v.holderIdNumber?.trim() || null,
      signedOn: v.signedOn.format(DATE_FORMAT),
    };
    sign.mutate(body, {
      onSuccess: () => {
        void message.success(current ? '已更换银行卡代扣协议' : '已签订银行卡代扣协议');
        setOpen(false);
      },
      onError: (e) => setSubmitError(placeSubmitError(form, e, FIELDS, {}, '保存失败，请稍后重试')),
    });
  };

  return (
    <Card
      title="银行卡代扣协议"
      style={{ marginBottom: 16 }}
      data-testid="deduction-agreement"
      extra={
        (canEdit || (canRevoke && current)) && (
          <Space>
            {canEdit && (
              <Button icon={<BankOutlined />} onClick={start} disabled={agreement.isPending}>
                {current ? '更换协议' : '签订协议'}
              </Button>
            )}
            {canRevoke && current && (
              <Popconfirm
                title="解除银行卡代扣协议？"
                description="解除后不再进入银行代扣文件，协议记录保留。"
                okText="解除"
                cancelText="取消"
                onConfirm={() =>
                  revoke
                    .mutateAsync()
                    .then(() => void message.success('已解除银行卡代扣协议'))
                    .catch((e: unknown) => void message.error(errorMessage(e, '解除失败，请稍后重试')))
                }
              >
                <Button danger loading={revoke.isPending}>
                  解除协议
                </Button>
              </Popconfirm>
            )}
          </Space>
        )
      }
    >
      {agreement.error ? (
        <QueryErrorAlert error={agreement.error} onRetry={() => void agreement.refetch()} />
      ) : agreement.isPending ? null : current ? (
        <Descriptions
          column={{ xs: 1, sm: 2 }}
          items={[
            { key: 'bank', label: '代扣银行', children: current.bankName },
            { key: 'account', label: '扣款账号', children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{current.accountNumberMasked}</span> },
            { key: 'holder', label: '账户名称', children: current.accountHolder },
            ...(current.holderIdNumberMasked ? [{ key: 'holderId', label: '持卡人身份证号码', children: current.holderIdNumberMasked }] : []),
            { key: 'signed', label: '签约日期', children: current.signedOn },
            { key: 'by', label: '登记', children: `${current.createdBy} · ${formatDateTime(current.createdAt)}` },
          ]}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未签订银行卡代扣协议" />
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
        签订后，经办机构按银行导出个人代扣文件，银行从该账户扣收本人的应缴费用；扣款结果导入后自动记为已缴费。
      </Typography.Paragraph>
      <Modal
        open={open}
        title={current ? '更换银行卡代扣协议' : '签订银行卡代扣协议'}
        okText={current ? '更换' : '签订'}
        confirmLoading={sign.isPending}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        forceRender
      >
        {current && <Alert type="info" showIcon style={{ marginBottom: 16 }} title={`原协议（${current.bankName} ${current.accountNumberMasked}）将被解除，记录保留。`} />}
        {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
        <Form<AgreementForm> form={form} name="deduction-agreement-form" layout="vertical" onFinish={onFinish} onValuesChange={() => submitError && setSubmitError(null)}>
          <Form.Item name="bankCode" label="代扣银行" rules={[{ required: true, message: '请选择代扣银行' }]}>
            <Select aria-label="代扣银行" placeholder="选择银行" showSearch={{ optionFilterProp: 'label' }} options={BANK_OPTIONS} />
          </Form.Item>
          <Form.Item
            name="accountNumber"
            label="扣款账号"
            extra="银行卡号或存折账号，12–30 位数字"
            validateDebounce={250}
            rules={[{ required: true, whitespace: true, message: '请填写扣款账号' }, zodRule(ZDeductionAccountNumber)]}
          >
            <Input inputMode="numeric" autoComplete="off" maxLength={40} placeholder={current ? '请重新填写完整账号' : undefined} />
          </Form.Item>
          <Form.Item
            name="accountHolder"
            label="账户名称"
            extra="持卡人姓名；为孩子缴费时通常是家长"
            rules={[{ required: true, whitespace: true, message: '请填写账户名称' }, zodRule(ZDeductionAgreementInput.shape.accountHolder)]}
          >
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
          <Form.Item name="holderIdNumber" label="持卡人身份证号码" extra="银行协议写明时填写，可不填" rules={[zodRule(ZDeductionAgreementInput.shape.holderIdNumber)]}>
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Form.Item name="signedOn" label="签约日期" rules={[{ required: true, message: '请选择签约日期' }]}>
            <DateInput aria-label="签约日期" style={{ width: '100%' }} disabledDate={(d) => d.format(DATE_FORMAT) > cityToday()} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
