import { FileSearchOutlined, PrinterOutlined, SafetyCertificateOutlined, SearchOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Form, Input, List, Row, Skeleton, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client';
import { PageHeader } from '../../../components/page-header';
import { cityToday, formatDate } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { IdNumberFormItem } from '../../policies/components/id-number-form-item';
import { checkIdNumberInput } from '../../policies/id-number-check';
import type { TReceiptLookupInput } from '@canbao/domain';
import { PublicErrorAlert } from '../components/public-error-alert';
import { ReceiptView } from '../components/receipt-view';
import { useLookupReceipts, useVerifyReceipt } from '../hooks/use-pay';
import { receiptVerifyPath } from '../pay-links';

interface VerifyForm {
  number: string;
  code: string;
}

/**
 * 电子票据查验: the receipt by its number and verification code (the QR code on the receipt opens this page with
 * both), shown as the receipt itself; and 票据查询 by name, ID number and phone for a family that lost it.
 */
export function ReceiptPage() {
  const [searchParams, setSearchParams] = useSearchParams();
  const number = (searchParams.get('number') ?? '').trim();
  const code = (searchParams.get('code') ?? '').trim();
  const [form] = Form.useForm<VerifyForm>();
  const verify = useVerifyReceipt(number, code);
  // A link (the lookup list, a QR code) changed the address: the form shows what is verified.
  useEffect(() => form.setFieldsValue({ number, code }), [code, form, number]);

  const onVerify = (values: VerifyForm) => {
    const next = { number: values.number.trim(), code: values.code.trim().toUpperCase() };
    if (next.number === number && next.code === code) void verify.refetch();
    else setSearchParams(next);
  };

  return (
    <div style={{ maxWidth: 880, margin: '0 auto' }}>
      <div className="cb-no-print">
        <PageHeader title="电子票据查验" description="无需登录。输入票据上的票据号码和校验码查验真伪，或扫描票据上的二维码直接打开。" />
      </div>
      <Card size="small" className="cb-no-print" style={{ marginBottom: 16 }}>
        <Form<VerifyForm> form={form} layout="vertical" requiredMark={false} initialValues={{ number, code }} onFinish={onVerify}>
          <Row gutter={12} align="bottom">
            <Col xs={24} sm={11}>
              <Form.Item label="票据号码" name="number" rules={[{ required: true, whitespace: true, message: '请输入票据号码' }, { min: 6, message: '票据号码不完整' }]}>
                <Input placeholder="如 320500202700000001" autoComplete="off" maxLength={30} inputMode="numeric" style={{ fontVariantNumeric: 'tabular-nums' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={8}>
              <Form.Item label="校验码" name="code" rules={[{ required: true, whitespace: true, message: '请输入校验码' }, { min: 4, message: '校验码不完整' }]}>
                <Input placeholder="8 位字母或数字" autoComplete="off" maxLength={20} style={{ textTransform: 'uppercase' }} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={5}>
              <Form.Item>
                <Button type="primary" htmlType="submit" icon={<SafetyCertificateOutlined />} block loading={verify.isFetching}>
                  查验
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      {number && !code && (
        <Alert
          className="cb-no-print"
          type="info"
          showIcon
          title="请输入票据上的校验码后查验"
          description="校验码印在票据号码旁边；没有票据时，可在下方按姓名、身份证号码和手机号码查询。"
          style={{ marginBottom: 16 }}
          data-testid="receipt-code-needed"
        />
      )}
      {number && code && (
        <div style={{ marginBottom: 16 }}>
          {verify.isPending ? (
            <Card>
              <Skeleton active paragraph={{ rows: 8 }} />
            </Card>
          ) : verify.isError ? (
            <PublicErrorAlert
              error={verify.error}
              title={isApiError(verify.error) && verify.error.status === 404 ? '查验未通过' : '查验失败'}
              testId="receipt-error"
            />
          ) : (
            <>
              <ReceiptView receipt={verify.data} />
              <div className="cb-no-print" style={{ textAlign: 'right', marginTop: 8 }}>
                <Button icon={<PrinterOutlined />} onClick={() => window.print()}>
                  打印票据
                </Button>
              </div>
            </>
          )}
        </div>
      )}

      <div className="cb-no-print">
        <ReceiptLookupCard />
      </div>
    </div>
  );
}

/** 票据查询: all three of name, ID number and the phone given at registration must match. */
function ReceiptLookupCard() {
  const [form] = Form.useForm<TReceiptLookupInput>();
  const lookup = useLookupReceipts();
  const [isIdFocused, setIdFocused] = useState(false);
  const [today] = useState(cityToday);
  const idNumber = Form.useWatch('idNumber', form);
  const idState = checkIdNumberInput(idNumber, { isFocused: isIdFocused, today });

  const onFinish = (values: TReceiptLookupInput) => {
    const id = checkIdNumberInput(values.idNumber, { isFocused: false, today });
    lookup.mutate({ name: values.name.trim(), idNumber: id.kind === 'ok' ? id.normalized : values.idNumber.trim(), phone: values.phone.trim() });
  };

  return (
    <Card
      size="small"
      title={
        <span>
          <FileSearchOutlined style={{ marginInlineEnd: 6 }} />
          票据查询
        </span>
      }
    >
      <Typography.Paragraph type="secondary">找不到票据？输入参保人姓名、身份证号码和登记时预留的手机号码（本人或监护人），查询已开具的电子票据。</Typography.Paragraph>
      <Form<TReceiptLookupInput> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={lookup.isPending} onValuesChange={() => lookup.isSuccess && lookup.reset()}>
        <Row gutter={12}>
          <Col xs={24} sm={6}>
            <Form.Item label="参保人姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
              <Input autoComplete="off" maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <IdNumberFormItem
              status={idState.kind === 'error' ? 'error' : idState.kind === 'ok' ? 'success' : ''}
              help={idState.kind === 'error' ? idState.message : idState.kind === 'typing' ? `已输入 ${idState.length} / 18 位` : undefined}
              today={today}
              onFocusChange={setIdFocused}
            />
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item label="手机号码" name="phone" rules={[{ required: true, whitespace: true, message: '请输入手机号码' }, { pattern: /^[\d\s+-]{5,20}$/, message: '手机号码格式不正确' }]}>
              <Input autoComplete="tel" inputMode="tel" maxLength={20} />
            </Form.Item>
          </Col>
        </Row>
        <Button htmlType="submit" icon={<SearchOutlined />} loading={lookup.isPending} disabled={idState.kind === 'error'}>
          查询票据
        </Button>
      </Form>
      {lookup.error && (
        <div style={{ marginTop: 16 }}>
          <PublicErrorAlert error={lookup.error} testId="receipt-lookup-error" />
        </div>
      )}
      {lookup.data &&
        (lookup.data.length ? (
          <List
            style={{ marginTop: 16 }}
            bordered
            dataSource={lookup.data}
            data-testid="receipt-lookup-list"
            renderItem={(r) => (
              <List.Item
                actions={[
                  <Link key="view" to={receiptVerifyPath(r.number, r.verifyCode)} onClick={() => window.scrollTo(0, 0)}>
                    查看票据
                  </Link>,
                ]}
              >
                <List.Item.Meta
                  title={<span style={{ fontVariantNumeric: 'tabular-nums' }}>{r.number}</span>}
                  description={`${r.year} 年度 · ${formatYuan(r.amountFen)} · 开票日期 ${formatDate(r.issuedAt)}`}
                />
              </List.Item>
            )}
          />
        ) : (
          <Empty style={{ marginTop: 16 }} image={Empty.PRESENTED_IMAGE_SIMPLE} description="未查到票据：请核对姓名、身份证号码和手机号码；缴费后票据一般几分钟内开具。" data-testid="receipt-lookup-empty" />
        ))}
    </Card>
  );
}
