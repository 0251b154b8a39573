import { CheckCircleFilled, ClockCircleOutlined, SafetyCertificateOutlined, WalletOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, Form, Input, Result, Skeleton, Spin, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '../../../api/client';
import { formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import type { TPayDetails, TPayGreeting } from '@canbao/domain';
import { PayAmounts } from '../components/pay-amounts';
import { PublicErrorAlert } from '../components/public-error-alert';
import { payKeys, useCreatePayOrder, usePayDetails, usePayGreeting } from '../hooks/use-pay';
import { cashierUrl, payPagePath, POLL_INTERVAL_MS, POLL_MAX_ATTEMPTS, readPayMemory, receiptVerifyPath, rememberName, rememberOrder, shouldPoll } from '../pay-links';

/** The narrow column a parent reads on a phone; on a computer it stays a phone's width. */
const COLUMN = { maxWidth: 480, margin: '0 auto' } as const;

function isNameRefused(error: unknown) {
  return isApiError(error) && error.status === 400;
}

/**
 * 码上缴社保: a parent scans the QR code on the paper notice, confirms the child's name, sees the amount and pays
 * through the wallet; back from the cashier the page waits for the payment and shows the receipt number.
 */
export function PayPage() {
  const { token = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [searchParams, setSearchParams] = useSearchParams();
  const [memory] = useState(() => readPayMemory(token));
  const [name, setName] = useState<string | null>(memory.name);
  // An order was placed before the cashier: wait for its payment (unless the parent cancelled there).
  const [isWaiting, setWaiting] = useState(Boolean(memory.outTradeNo) && searchParams.get('cancelled') !== '1');
  const [isCancelledAtCashier] = useState(searchParams.get('cancelled') === '1');
  const [form] = Form.useForm<{ name: string }>();

  const greeting = usePayGreeting(token);
  const details = usePayDetails(token, name, (data, fetches) =>
    shouldPoll({ waiting: isWaiting, status: data?.status, hasReceipt: Boolean(data?.receipt), attempts: fetches }) ? POLL_INTERVAL_MS : false,
  );
  const order = useCreatePayOrder(token);
  // Answers so far for this name: the count the polling stops at.
  const state = queryClient.getQueryState(payKeys.details(token, name ?? ''));
  const fetches = (state?.dataUpdateCount ?? 0) + (state?.errorUpdateCount ?? 0);
  const isPollingStopped = isApiError(details.error) && details.error.isClientError;
  const isPollingActive = isWaiting && !isPollingStopped && fetches < POLL_MAX_ATTEMPTS;

  // Back from the cashier without paying: forget the order, drop the marker from the address.
  useEffect(() => {
    if (!isCancelledAtCashier) return;
    rememberOrder(token, null);
    setSearchParams({}, { replace: true });
  }, [isCancelledAtCashier, setSearchParams, token]);

  // The name is right: keep it for the trip to the cashier (this tab only). A refused name is forgotten.
  useEffect(() => {
    if (details.data && name) rememberName(token, name);
    if (isNameRefused(details.error)) {
      rememberName(token, null);
      form.setFields([{ name: 'name', errors: [errorMessage(details.error)] }]);
    }
  }, [details.data, details.error, form, name, token]);

  // Paid with its receipt: nothing more to wait for.
  const data = details.data;
  useEffect(() => {
    if (data?.status === 'paid' && data.receipt) rememberOrder(token, null);
    if (data?.status === 'cancelled') rememberOrder(token, null);
  }, [data, token]);

  const onConfirmName = ({ name: typed }: { name: string }) => {
    const trimmed = typed.trim();
    if (trimmed === name) void details.refetch();
    else setName(trimmed);
  };

  const onPay = () => {
    if (!name) return;
    order.mutate(name, {
      onSuccess: ({ outTradeNo, payUrl }) => {
        rememberOrder(token, outTradeNo);
        const url = cashierUrl(payUrl, payPagePath(token));
        if (url.startsWith('/') && !url.startsWith('//')) void navigate(url);
        else window.location.assign(url);
      },
      // Paid meanwhile (another phone of the family) or cancelled: show the notice as it is now.
      onError: (error) => {
        if (isApiError(error) && error.status === 409) void details.refetch();
      },
    });
  };

  const onChangeName = () => {
    rememberName(token, null);
    rememberOrder(token, null);
    setWaiting(false);
    setName(null);
    order.reset();
    form.resetFields();
  };

  if (greeting.isPending) {
    return (
      <div style={COLUMN}>
        <Card>
          <Skeleton active paragraph={{ rows: 4 }} />
        </Card>
      </div>
    );
  }
  if (greeting.isError) {
    return (
      <div style={COLUMN}>
        {isApiError(greeting.error) && greeting.error.status === 404 ? (
          <Result status="warning" title="未找到缴费通知单" subTitle={errorMessage(greeting.error)} data-testid="pay-not-found" />
        ) : (
          <PublicErrorAlert error={greeting.error} title="缴费通知单加载失败" testId="pay-error" action={<Button size="small" onClick={() => void greeting.refetch()}>重试</Button>} />
        )}
      </div>
    );
  }

  const g = greeting.data;
  // A refused name hides the notice again; any other failure of a later poll (429, network) keeps what was shown.
  const confirmed = data && !isNameRefused(details.error) ? data : null;

  return (
    <div style={COLUMN} data-testid="pay-page">
      <NoticeHeader greeting={g} />
      {isCancelledAtCashier && !confirmed?.receipt && (
        <Alert type="info" showIcon title="已取消支付，可以重新缴费" style={{ marginBottom: 12 }} closable={{ closeIcon: true }} />
      )}
      {/* A passing failure while the page keeps asking is not worth alarming anyone. */}
      {confirmed && details.error && !isPollingActive && <PublicErrorAlert error={details.error} title="刷新缴费状态失败" testId="pay-error" />}
      {g.status === 'cancelled' && !confirmed ? (
        <Alert type="warning" showIcon title="该通知单已作废" description="请联系学校（单位）领取新的缴费通知单。" data-testid="pay-cancelled" />
      ) : !confirmed ? (
        <Card title="确认孩子信息" size="small">
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            为保护孩子的个人信息，请输入缴费通知单上孩子的<strong>完整姓名</strong>（{g.nameHint}）后查看缴费金额。
          </Typography.Paragraph>
          {g.status === 'paid' && <Alert type="success" showIcon title="该通知单已缴费" description="输入孩子姓名可查看缴费结果和电子票据。" style={{ marginBottom: 12 }} />}
          {details.error && !isNameRefused(details.error) && <PublicErrorAlert error={details.error} testId="pay-error" />}
          <Form form={form} layout="vertical" requiredMark={false} onFinish={onConfirmName} initialValues={{ name: name ?? '' }} disabled={details.isFetching}>
            <Form.Item
              label="孩子姓名"
              name="name"
              rules={[
                { required: true, whitespace: true, message: '请输入孩子的姓名' },
                { max: 50, message: '姓名不能超过 50 个字' },
              ]}
            >
              <Input size="large" placeholder={`请输入 ${g.nameHint} 的完整姓名`} autoComplete="off" maxLength={50} />
            </Form.Item>
            <Button type="primary" htmlType="submit" size="large" block loading={details.isFetching}>
              查看缴费信息
            </Button>
          </Form>
        </Card>
      ) : confirmed.status === 'paid' ? (
        <PaidCard details={confirmed} justPaid={isWaiting} isWaitingForReceipt={details.isFetching || (!isPollingStopped && shouldPoll({ waiting: isWaiting, status: confirmed.status, hasReceipt: false, attempts: fetches }))} onRefresh={() => void details.refetch()} />
      ) : confirmed.status === 'cancelled' ? (
        <Alert type="warning" showIcon title="该通知单已作废" description="请联系学校（单位）领取新的缴费通知单。" data-testid="pay-cancelled" />
      ) : isWaiting ? (
        <WaitingCard
          isPolling={!isPollingStopped && shouldPoll({ waiting: true, status: confirmed.status, hasReceipt: false, attempts: fetches })}
          isFetching={details.isFetching}
          onRefresh={() => void details.refetch()}
          onPayAgain={() => {
            setWaiting(false);
            rememberOrder(token, null);
          }}
        />
      ) : (
        <>
          <DetailsCard details={confirmed} onChangeName={onChangeName} />
          {order.error && <PublicErrorAlert error={order.error} title="未能发起支付" testId="pay-error" />}
          <div style={{ position: 'sticky', bottom: 0, padding: '8px 0 12px', background: 'linear-gradient(rgba(243,245,249,0), #f3f5f9 30%)', zIndex: 2 }}>
            <Button type="primary" size="large" block icon={<WalletOutlined />} loading={order.isPending} onClick={onPay} data-testid="pay-now">
              立即缴费 {formatYuan(confirmed.amountFen)}
            </Button>
          </div>
        </>
      )}
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, marginTop: 16, textAlign: 'center' }}>
        <SafetyCertificateOutlined /> 缴费金额由医保经办机构核定，请勿向他人转账。
      </Typography.Paragraph>
    </div>
  );
}

function NoticeHeader({ greeting }: { greeting: TPayGreeting }) {
  return (
    <Card size="small" style={{ marginBottom: 12 }} styles={{ body: { padding: '14px 16px' } }}>
      <Typography.Title level={1} style={{ fontSize: 20, margin: 0 }}>
        码上缴社保
      </Typography.Title>
      <Typography.Text type="secondary">{greeting.year} 年度城乡居民基本医疗保险 · 缴费通知单</Typography.Text>
      <div style={{ marginTop: 8, fontSize: 15 }} data-testid="pay-unit">
        {greeting.unitName}
      </div>
    </Card>
  );
}

function DetailsCard({ details, onChangeName }: { details: TPayDetails; onChangeName: () => void }) {
  return (
    <Card
      title="缴费信息"
      size="small"
      extra={
        <Button type="link" size="small" onClick={onChangeName} style={{ paddingInline: 0 }}>
          重新输入姓名
        </Button>
      }
      style={{ marginBottom: 12 }}
      data-testid="pay-details"
    >
      <Descriptions
        column={1}
        size="small"
        colon={false}
        styles={{ label: { width: 84, color: 'rgba(0,0,0,0.45)' } }}
        items={[
          { key: 'name', label: '参保人', children: details.personName },
          { key: 'id', label: '身份证号码', children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{details.documentNumber}</span> },
          { key: 'class', label: '班级', children: details.className ?? '—' },
          { key: 'category', label: '人员类别', children: details.categoryName },
          { key: 'benefit', label: '待遇享受期', children: <span data-testid="pay-benefit">{`${details.benefitStart} 至 ${details.benefitEnd}`}</span> },
          { key: 'status', label: '缴费状态', children: <Tag color="orange">待缴费</Tag> },
        ]}
      />
      <Typography.Text strong style={{ display: 'block', margin: '12px 0 4px' }}>
        费用明细
      </Typography.Text>
      <PayAmounts details={details} />
    </Card>
  );
}

function WaitingCard({ isPolling, isFetching, onRefresh, onPayAgain }: { isPolling: boolean; isFetching: boolean; onRefresh: () => void; onPayAgain: () => void }) {
  return (
    <Card size="small" data-testid="pay-waiting">
      {isPolling ? (
        <div style={{ textAlign: 'center', padding: '24px 0' }}>
          <Spin size="large" />
          <Typography.Title level={4} style={{ marginTop: 16 }}>
            正在确认支付结果…
          </Typography.Title>
          <Typography.Text type="secondary">支付完成后一般几秒内到账，请不要重复支付。</Typography.Text>
        </div>
      ) : (
        <Result
          icon={<ClockCircleOutlined style={{ color: '#faad14' }} />}
          title="暂未收到支付结果"
          subTitle="如果已在钱包中付款，请稍后点击“刷新结果”，长时间未到账请联系学校（单位），不要重复支付；未付款可返回重新缴费。"
          extra={[
            <Button key="refresh" type="primary" loading={isFetching} onClick={onRefresh}>
              刷新结果
            </Button>,
            <Button key="again" onClick={onPayAgain}>
              返回重新缴费
            </Button>,
          ]}
        />
      )}
    </Card>
  );
}

function PaidCard({ details, justPaid, isWaitingForReceipt, onRefresh }: { details: TPayDetails; justPaid: boolean; isWaitingForReceipt: boolean; onRefresh: () => void }) {
  const navigate = useNavigate();
  const receipt = details.receipt;
  return (
    <Card size="small" data-testid="pay-success">
      <Result
        icon={<CheckCircleFilled style={{ color: '#389e0d' }} />}
        title={justPaid ? '缴费成功' : '该通知单已缴费'}
        subTitle={`${details.personName} · ${details.year} 年度城乡居民医保`}
        style={{ paddingBottom: 8 }}
      />
      <Descriptions
        column={1}
        size="small"
        colon={false}
        styles={{ label: { width: 84, color: 'rgba(0,0,0,0.45)' } }}
        items={[
          { key: 'amount', label: '缴费金额', children: <span style={{ fontVariantNumeric: 'tabular-nums' }}>{formatYuan(details.amountFen)}</span> },
          { key: 'paidAt', label: '缴费时间', children: formatDateTime(details.paidAt) || '—' },
          { key: 'benefit', label: '待遇享受期', children: `${details.benefitStart} 至 ${details.benefitEnd}` },
          {
            key: 'receipt',
            label: '电子票据',
            children: details.receipt ? (
              <span data-testid="pay-receipt-number" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {details.receipt.number}
              </span>
            ) : isWaitingForReceipt ? (
              <Typography.Text type="secondary">
                <Spin size="small" style={{ marginInlineEnd: 6 }} />
                开具中…
              </Typography.Text>
            ) : (
              <Typography.Text type="secondary">
                稍后开具，
                <Button type="link" size="small" onClick={onRefresh} style={{ padding: 0 }}>
                  刷新
                </Button>
              </Typography.Text>
            ),
          },
        ]}
      />
      {receipt && (
        <Button type="primary" size="large" block style={{ marginTop: 12 }} onClick={() => void navigate(receiptVerifyPath(receipt.number, receipt.verifyCode))} data-testid="pay-receipt-link">
          查看电子票据
        </Button>
      )}
    </Card>
  );
}
