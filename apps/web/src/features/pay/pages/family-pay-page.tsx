import { CheckCircleFilled, DeleteOutlined, PlusOutlined, SearchOutlined, TeamOutlined } from '@ant-design/icons';
import type { TFamilyDue, TFamilyDueInput } from '@canbao/domain';
import { Alert, Button, Card, Col, Empty, Form, Input, List, Result, Row, Space, Spin, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { isApiError } from '../../../api/client';
import { PageHeader } from '../../../components/page-header';
import { cityToday, formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { checkIdNumberInput } from '../../policies/id-number-check';
import { PublicErrorAlert } from '../components/public-error-alert';
import { useCreateFamilyOrder, useFamilyDue, useFamilyOrderStatus } from '../hooks/use-pay';
import { cashierUrl, familyPayPath } from '../pay-links';

interface ProofForm {
  idNumber: string;
  name: string;
  phoneLast4: string;
  others?: Array<{ idNumber: string; name: string }>;
}

interface PayerForm {
  payerName: string;
  payerRelation?: string;
}

const idRule = {
  validator: async (_: unknown, value: string | undefined) => {
    if (!value?.trim()) throw new Error('请输入身份证号码');
    const state = checkIdNumberInput(value, { isFocused: false, today: cityToday() });
    if (state.kind === 'error') throw new Error(state.message);
    if (state.kind !== 'ok') throw new Error('请输入完整的 18 位身份证号码');
  },
};

function normalized(value: string) {
  const state = checkIdNumberInput(value, { isFocused: false, today: cityToday() });
  return state.kind === 'ok' ? state.normalized : value.trim();
}

/**
 * 为家人缴费: a relative proves one member of the household (ID number, name, last four digits of a phone on file),
 * may add others by ID number and name, sees what each owes (names masked) and pays it all in one order.
 */
export function FamilyPayPage() {
  const [searchParams] = useSearchParams();
  const outTradeNo = searchParams.get('order');
  if (outTradeNo) return <FamilyOrderResult outTradeNo={outTradeNo} cancelled={searchParams.get('cancelled') === '1'} />;
  return <FamilyPayForm />;
}

function FamilyPayForm() {
  const [form] = Form.useForm<ProofForm>();
  const [payerForm] = Form.useForm<PayerForm>();
  const due = useFamilyDue();
  const order = useCreateFamilyOrder();
  const navigate = useNavigate();
  const [asked, setAsked] = useState<TFamilyDueInput | null>(null);

  const onFind = (values: ProofForm) => {
    const input: TFamilyDueInput = {
      idNumber: normalized(values.idNumber),
      name: values.name.trim(),
      phoneLast4: values.phoneLast4.trim(),
      others: (values.others ?? []).map((o) => ({ idNumber: normalized(o.idNumber), name: o.name.trim() })),
    };
    setAsked(input);
    order.reset();
    due.mutate(input);
  };

  const onPay = (payer: PayerForm) => {
    if (!asked || !due.data) return;
    order.mutate(
      { ...asked, channel: 'sandbox', payerName: payer.payerName.trim(), payerRelation: payer.payerRelation?.trim() || undefined, expectedTotalFen: due.data.totalFen },
      {
        onSuccess: ({ outTradeNo, payUrl }) => {
          const url = cashierUrl(payUrl, familyPayPath(outTradeNo));
          if (url.startsWith('/') && !url.startsWith('//')) void navigate(url);
          else window.location.assign(url);
        },
        // The total changed (someone paid meanwhile): show what is due now.
        onError: (error) => {
          if (isApiError(error) && error.status === 409) due.mutate(asked);
        },
      },
    );
  };

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader
        title="为家人缴费"
        description="无需登录。输入一位家庭成员的身份证号码、姓名和登记手机号后四位，即可查看全家待缴的居民医保费并合并为一笔缴纳；也可添加其他亲属一并缴纳。"
      />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<ProofForm> form={form} layout="vertical" requiredMark={false} onFinish={onFind} disabled={due.isPending || order.isPending} onValuesChange={() => due.data && due.reset()}>
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item label="家庭成员身份证号码" name="idNumber" rules={[idRule]} validateTrigger="onBlur">
                <Input autoComplete="off" maxLength={18} placeholder="18 位，末位可为 X" />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
                <Input autoComplete="off" maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={7}>
              <Form.Item
                label="登记手机号后四位"
                name="phoneLast4"
                tooltip="登记参保时填写的本人或监护人手机号码的后四位"
                rules={[{ required: true, message: '请输入手机号后四位' }, { pattern: /^[0-9]{4}$/, message: '请输入 4 位数字' }]}
              >
                <Input autoComplete="off" inputMode="numeric" maxLength={4} />
              </Form.Item>
            </Col>
          </Row>
          <Form.List name="others">
            {(fields, { add, remove }) => (
              <>
                {fields.map((field, i) => (
                  <Row gutter={12} key={field.key} align="top">
                    <Col xs={24} sm={10}>
                      <Form.Item label={`其他缴费对象 ${i + 1} 身份证号码`} name={[field.name, 'idNumber']} rules={[idRule]} validateTrigger="onBlur">
                        <Input autoComplete="off" maxLength={18} />
                      </Form.Item>
                    </Col>
                    <Col xs={18} sm={10}>
                      <Form.Item label="姓名" name={[field.name, 'name']} rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
                        <Input autoComplete="off" maxLength={50} />
                      </Form.Item>
                    </Col>
                    <Col xs={6} sm={4}>
                      <Form.Item label=" " colon={false}>
                        <Button icon={<DeleteOutlined />} onClick={() => remove(field.name)} aria-label={`移除其他缴费对象 ${i + 1}`} />
                      </Form.Item>
                    </Col>
                  </Row>
                ))}
                <Space wrap>
                  {fields.length < 9 && (
                    <Button icon={<PlusOutlined />} onClick={() => add()}>
                      添加其他缴费对象
                    </Button>
                  )}
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />} loading={due.isPending}>
                    查询待缴费用
                  </Button>
                </Space>
              </>
            )}
          </Form.List>
        </Form>
      </Card>

      {due.error && <PublicErrorAlert error={due.error} title="查询失败" testId="family-pay-error" />}
      {due.data && (
        <DueList due={due.data}>
          {due.data.members.length > 0 && (
            <Form<PayerForm> form={payerForm} layout="vertical" requiredMark={false} onFinish={onPay} disabled={order.isPending} style={{ marginTop: 16 }}>
              <Row gutter={12}>
                <Col xs={14} sm={12}>
                  <Form.Item label="缴费人姓名" name="payerName" rules={[{ required: true, whitespace: true, message: '请填写缴费人姓名' }]} extra="记入缴费记录，票据按参保人开具">
                    <Input autoComplete="name" maxLength={50} />
                  </Form.Item>
                </Col>
                <Col xs={10} sm={12}>
                  <Form.Item label="与参保人关系" name="payerRelation">
                    <Input maxLength={20} placeholder="如 父亲、祖母" />
                  </Form.Item>
                </Col>
              </Row>
              {order.error && <PublicErrorAlert error={order.error} testId="family-order-error" />}
              <Button type="primary" size="large" block htmlType="submit" loading={order.isPending} data-testid="family-pay-submit">
                合并缴费 {formatYuan(due.data.totalFen)}（{due.data.members.length} 笔）
              </Button>
            </Form>
          )}
        </DueList>
      )}
    </div>
  );
}

function DueList({ due, children }: { due: TFamilyDue; children: ReactNode }) {
  if (!due.found) {
    return (
      <Card size="small">
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未查到：请核对身份证号码、姓名和手机号后四位（须为登记时填写的本人或监护人手机号码）。" data-testid="family-pay-not-found" />
      </Card>
    );
  }
  return (
    <Card size="small" title={<><TeamOutlined /> 待缴费用</>} data-testid="family-due">
      {due.members.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={due.settledCount > 0 ? '没有待缴费用：家庭成员均已缴费，或由所在学校（单位）统一缴纳。' : '没有待缴费用。如尚未申报参保，请联系学校或社区办理。'}
        />
      ) : (
        <>
          <List
            size="small"
            dataSource={due.members}
            renderItem={(m) => (
              <List.Item extra={<Typography.Text strong>{formatYuan(m.amountFen)}</Typography.Text>}>
                <List.Item.Meta
                  title={`${m.maskedName}${m.relationName ? `（${m.relationName}）` : ''}`}
                  description={`${m.year} 年度 · ${m.categoryName} · ${m.unitName} · ${m.documentNumber}`}
                />
              </List.Item>
            )}
          />
          <Typography.Paragraph style={{ margin: '8px 0 0', textAlign: 'right' }}>
            合计 <Typography.Text strong style={{ fontSize: 18 }} data-testid="family-due-total">{formatYuan(due.totalFen)}</Typography.Text>
            {due.settledCount > 0 && <Typography.Text type="secondary">（另有 {due.settledCount} 人无待缴费用）</Typography.Text>}
          </Typography.Paragraph>
        </>
      )}
      {children}
    </Card>
  );
}

function FamilyOrderResult({ outTradeNo, cancelled }: { outTradeNo: string; cancelled: boolean }) {
  const status = useFamilyOrderStatus(outTradeNo);
  const again = (
    <Link to={familyPayPath()}>
      <Button>返回为家人缴费</Button>
    </Link>
  );
  let body;
  if (status.isPending) body = <Spin description="正在确认缴费结果…" />;
  else if (status.isError) body = <PublicErrorAlert error={status.error} title="查询缴费结果失败" action={again} />;
  else if (status.data.status === 'paid') {
    body = (
      <Result
        icon={<CheckCircleFilled style={{ color: '#07a35a' }} />}
        title="缴费成功"
        subTitle={`已为 ${status.data.count} 人缴纳 ${formatYuan(status.data.totalFen)}${status.data.paidAt ? `，${formatDateTime(status.data.paidAt, 'YYYY-MM-DD HH:mm')} 到账` : ''}。每人的电子票据可在“票据查询”中按本人信息查询。`}
        extra={
          <Space wrap style={{ justifyContent: 'center' }}>
            {again}
            <Link to="/family">
              <Button type="primary">查询参保状态</Button>
            </Link>
          </Space>
        }
        data-testid="family-pay-done"
      />
    );
  } else {
    body = (
      <Result
        status="info"
        title={cancelled ? '已取消支付' : '尚未确认到账'}
        subTitle={cancelled ? '本次未扣款，可返回重新缴费。' : `共 ${status.data.count} 笔 ${formatYuan(status.data.totalFen)}。如已付款，到账通常在 1 分钟内，本页会自动刷新。`}
        extra={again}
      />
    );
  }
  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <PageHeader title="为家人缴费" />
      {cancelled && status.data?.status === 'pending' && <Alert type="info" showIcon title="您已从收银台返回，未完成支付" style={{ marginBottom: 16 }} />}
      <Card size="small">{body}</Card>
    </div>
  );
}
