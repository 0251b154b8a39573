import { CheckCircleFilled, ExperimentOutlined, SafetyOutlined, WalletFilled } from '@ant-design/icons';
import { Alert, Button, Card, Collapse, Radio, Result, Skeleton, Tag, Typography } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { errorMessage, isApiError } from '../../../api/client';
import { formatYuan } from '../../../lib/money';
import type { TSandboxScenario } from '@canbao/domain';
import { PublicErrorAlert } from '../components/public-error-alert';
import { usePaySandboxOrder, useSandboxOrder } from '../hooks/use-pay';
import { safeBackPath } from '../pay-links';

const WALLET_GREEN = '#07a35a';

const SCENARIOS: { value: TSandboxScenario; label: string; hint: string }[] = [
  { value: 'normal', label: '正常支付', hint: '立即发送一次支付成功通知' },
  { value: 'duplicate', label: '重复通知', hint: '同一笔支付的通知发送两次，只应记一次' },
  { value: 'late', label: '延迟通知', hint: '约 3 秒后才发送通知' },
  { value: 'lost', label: '通知丢失', hint: '不发送通知，缴费页面返回后主动查询' },
  { value: 'wrong_amount', label: '金额不符', hint: '实付金额比订单少 1 分，应生成对账异常' },
];

function withParam(path: string, key: string, value: string) {
  return `${path}${path.includes('?') ? '&' : '?'}${key}=${value}`;
}

/**
 * 沙箱收银台: the sandbox wallet's cashier (tests and the demo), dressed like a wallet's checkout and clearly marked
 * as a test environment. Paying sends the wallet's signed notification per the chosen scenario, then goes back to
 * the pay page the parent came from.
 */
export function SandboxCashierPage() {
  const { outTradeNo = '' } = useParams();
  const [searchParams] = useSearchParams();
  const navigate = useNavigate();
  const back = safeBackPath(searchParams.get('back'));
  const [scenario, setScenario] = useState<TSandboxScenario>('normal');
  const order = useSandboxOrder(outTradeNo);
  const pay = usePaySandboxOrder(outTradeNo);

  // After paying, back to the pay page by itself (as wallets do), with a button for the impatient.
  useEffect(() => {
    if (!pay.isSuccess || !back) return;
    const timer = setTimeout(() => void navigate(back, { replace: true }), 1200);
    return () => clearTimeout(timer);
  }, [back, navigate, pay.isSuccess]);

  const goBack = (cancelled: boolean) => {
    if (back) void navigate(cancelled ? withParam(back, 'cancelled', '1') : back, { replace: true });
  };

  let body;
  if (order.isPending) {
    body = <Skeleton active paragraph={{ rows: 5 }} />;
  } else if (order.isError) {
    body = (
      <Result
        status="warning"
        title={isApiError(order.error) && order.error.status === 404 ? '订单不存在或已过期' : '订单加载失败'}
        subTitle={errorMessage(order.error)}
        extra={back && <Button onClick={() => goBack(true)}>返回缴费页面</Button>}
        data-testid="cashier-error"
      />
    );
  } else if (pay.isSuccess || order.data.state === 'paid') {
    body = (
      <Result
        icon={<CheckCircleFilled style={{ color: WALLET_GREEN }} />}
        title={pay.isSuccess ? '支付成功' : '该订单已支付'}
        subTitle={
          <>
            <div style={{ fontSize: 28, fontWeight: 600, color: 'rgba(0,0,0,0.88)', margin: '4px 0' }}>¥{formatYuan(pay.data?.amountFen ?? order.data.amountFen, { unit: false })}</div>
            {back ? '正在返回缴费页面…' : '请返回缴费页面查看缴费结果'}
          </>
        }
        extra={
          back && (
            <Button type="primary" size="large" style={{ background: WALLET_GREEN }} onClick={() => goBack(false)}>
              返回缴费页面
            </Button>
          )
        }
        data-testid="cashier-paid"
      />
    );
  } else if (order.data.state === 'closed') {
    body = <Result status="warning" title="订单已关闭" subTitle="请返回缴费页面重新发起支付。" extra={back && <Button onClick={() => goBack(true)}>返回缴费页面</Button>} />;
  } else {
    const o = order.data;
    body = (
      <>
        <div style={{ textAlign: 'center', padding: '20px 0 16px' }}>
          <Typography.Text type="secondary">{o.description}</Typography.Text>
          <div style={{ fontSize: 36, fontWeight: 600, margin: '6px 0 2px', fontVariantNumeric: 'tabular-nums' }} data-testid="cashier-amount">
            <span style={{ fontSize: 22, marginInlineEnd: 2 }}>¥</span>
            {formatYuan(o.amountFen, { unit: false })}
          </div>
        </div>
        <div style={{ borderTop: '1px solid #f0f0f0', borderBottom: '1px solid #f0f0f0', padding: '10px 0', marginBottom: 16 }}>
          <Row label="收款方" value="城乡居民医保（参保平台）" />
          <Row label="订单号" value={<span style={{ fontSize: 12, wordBreak: 'break-all' }}>{o.outTradeNo}</span>} />
          <Row
            label="付款方式"
            value={
              <span>
                <WalletFilled style={{ color: WALLET_GREEN, marginInlineEnd: 6 }} />
                沙箱钱包余额
              </span>
            }
          />
        </div>
        {pay.error && <PublicErrorAlert error={pay.error} title="支付失败" testId="cashier-pay-error" />}
        <Button
          type="primary"
          size="large"
          block
          loading={pay.isPending}
          onClick={() => pay.mutate(scenario)}
          style={{ background: WALLET_GREEN, height: 48, fontSize: 17 }}
          data-testid="cashier-confirm"
        >
          确认支付
        </Button>
        {back && (
          <Button type="text" block style={{ marginTop: 8 }} onClick={() => goBack(true)} disabled={pay.isPending}>
            取消支付，返回
          </Button>
        )}
        <Collapse
          ghost
          size="small"
          style={{ marginTop: 12 }}
          items={[
            {
              key: 'scenario',
              label: (
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  <ExperimentOutlined /> 模拟场景（测试人员）：{SCENARIOS.find((s) => s.value === scenario)?.label}
                </Typography.Text>
              ),
              children: (
                <Radio.Group value={scenario} onChange={(e) => setScenario(e.target.value as TSandboxScenario)} style={{ display: 'grid', gap: 6 }} aria-label="模拟场景">
                  {SCENARIOS.map((s) => (
                    <Radio key={s.value} value={s.value}>
                      {s.label}
                      <Typography.Text type="secondary" style={{ fontSize: 12, marginInlineStart: 6 }}>
                        {s.hint}
                      </Typography.Text>
                    </Radio>
                  ))}
                </Radio.Group>
              ),
            },
          ]}
        />
      </>
    );
  }

  return (
    <div style={{ maxWidth: 420, margin: '0 auto' }} data-testid="sandbox-cashier">
      <Alert type="warning" showIcon title="沙箱 / 测试环境：不会产生真实扣款" style={{ marginBottom: 12 }} />
      <Card styles={{ header: { background: WALLET_GREEN, color: '#fff' }, body: { paddingTop: 8 } }} title={
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8 }}>
          <WalletFilled /> 沙箱钱包 · 收银台
        </span>
      } extra={<Tag color="orange" style={{ marginInlineEnd: 0 }}>测试</Tag>}>
        {body}
      </Card>
      <Typography.Paragraph type="secondary" style={{ fontSize: 12, textAlign: 'center', marginTop: 12 }}>
        <SafetyOutlined /> 沙箱钱包仅用于测试和演示；正式环境由微信、支付宝等渠道的收银台完成支付。
      </Typography.Paragraph>
    </div>
  );
}

function Row({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div style={{ display: 'flex', justifyContent: 'space-between', gap: 16, padding: '5px 0' }}>
      <Typography.Text type="secondary" style={{ flexShrink: 0 }}>
        {label}
      </Typography.Text>
      <span style={{ textAlign: 'right', minWidth: 0 }}>{value}</span>
    </div>
  );
}
