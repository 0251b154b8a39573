import { PlusOutlined } from '@ant-design/icons';
import { TERMINAL_CHANNELS, type TTerminal } from '@canbao/domain';
import { App, Button, Card, Empty, Popconfirm, Space, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { EmptyText } from '../../../components/empty-text';
import { PageHeader } from '../../../components/page-header';
import { QueryErrorAlert } from '../../../components/query-error-alert';
import { formatDateTime } from '../../../lib/datetime';
import { RegisterTerminalModal } from '../components/register-terminal-modal';
import { SigningKeyModal, type IssuedSigningKey } from '../components/signing-key-modal';
import { StatementsDrawer } from '../components/statements-drawer';
import { useTerminalMutations, useTerminals } from '../hooks/use-terminals';

const link = { type: 'link', size: 'small', style: { paddingInline: 0 } } as const;

/**
 * 缴费终端: the agency's self-service kiosks, bank counters and mini-programs that query what is due and take the
 * payment through the signed terminal API. The agency registers one (its signing key shown once), disables or
 * enables it, re-keys it, and reads the daily statements it sends.
 */
export function TerminalsPage() {
  const { message } = App.useApp();
  const { data, error, isPending, isFetching, refetch } = useTerminals();
  const { setDisabled, rotateKey } = useTerminalMutations();
  const [registering, setRegistering] = useState(false);
  const [issued, setIssued] = useState<IssuedSigningKey | null>(null);
  const [statementsOf, setStatementsOf] = useState<TTerminal | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  const onToggle = (t: TTerminal) => {
    setBusy(`toggle:${t.terminalId}`);
    setDisabled.mutate(
      { terminalId: t.terminalId, disabled: !t.disabled },
      {
        onSuccess: (saved) => void message.success(`${saved.disabled ? '已停用' : '已启用'}终端“${saved.name}”`),
        onError: (e) => void message.error(errorMessage(e)),
        onSettled: () => setBusy(null),
      },
    );
  };

  const onRotate = (t: TTerminal) => {
    setBusy(`key:${t.terminalId}`);
    rotateKey.mutate(t.terminalId, {
      onSuccess: (terminal) => setIssued({ kind: 'rotated', terminal }),
      onError: (e) => void message.error(errorMessage(e)),
      onSettled: () => setBusy(null),
    });
  };

  const columns: TableColumnsType<TTerminal> = [
    {
      title: '编号',
      dataIndex: 'terminalId',
      width: 170,
      render: (id: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{id}</span>,
    },
    { title: '名称', dataIndex: 'name', render: (name: string) => <Typography.Text strong>{name}</Typography.Text> },
    { title: '类型', dataIndex: 'channel', width: 150, render: (c: TTerminal['channel'], t) => t.channelName || TERMINAL_CHANNELS[c] },
    {
      title: '状态',
      dataIndex: 'disabled',
      width: 80,
      render: (disabled: boolean) => (disabled ? <Tag>停用</Tag> : <Tag color="success">启用</Tag>),
    },
    {
      title: '登记时间',
      dataIndex: 'createdAt',
      width: 150,
      // On a phone the number, name and actions matter; the date is on wider screens.
      responsive: ['md'],
      render: (at: string) => <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{formatDateTime(at, 'YYYY-MM-DD HH:mm')}</span>,
    },
    {
      title: '最近对账日',
      dataIndex: 'lastStatementDate',
      width: 110,
      render: (d: string | null | undefined) => (d ? <span style={{ fontVariantNumeric: 'tabular-nums' }}>{d}</span> : <EmptyText>尚未对账</EmptyText>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 230,
      render: (_: unknown, t) => (
        <Space size={12} wrap>
          <Popconfirm
            title={t.disabled ? '启用终端' : '停用终端'}
            description={t.disabled ? `确定启用“${t.name}”吗？启用后终端可继续查询和缴费。` : `确定停用“${t.name}”吗？停用后该终端的查询和缴费请求一律拒绝。`}
            okText={t.disabled ? '启用' : '停用'}
            okButtonProps={{ danger: !t.disabled }}
            cancelText="取消"
            onConfirm={() => onToggle(t)}
          >
            <Button {...link} danger={!t.disabled} loading={busy === `toggle:${t.terminalId}`} aria-label={`${t.disabled ? '启用' : '停用'} ${t.name}`}>
              {t.disabled ? '启用' : '停用'}
            </Button>
          </Popconfirm>
          <Popconfirm
            title="重新生成签名密钥"
            description="原密钥立即失效，终端换用新密钥之前无法查询和缴费。确定重新生成吗？"
            okText="重新生成"
            okButtonProps={{ danger: true }}
            cancelText="取消"
            onConfirm={() => onRotate(t)}
          >
            <Button {...link} loading={busy === `key:${t.terminalId}`} aria-label={`重新生成 ${t.name} 的密钥`}>
              重新生成密钥
            </Button>
          </Popconfirm>
          <Button {...link} onClick={() => setStatementsOf(t)} aria-label={`${t.name} 的对账记录`}>
            对账记录
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <PageHeader
        title="缴费终端"
        description="自助缴费终端、银行柜面和微信/支付宝小程序：登记终端并发放签名密钥，停用或启用，查看终端每天上送的对账结果。"
        extra={
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setRegistering(true)}>
            登记终端
          </Button>
        }
      />
      {error && <QueryErrorAlert error={error} onRetry={() => void refetch()} />}
      <Card>
        <Table<TTerminal>
          data-testid="terminals-table"
          rowKey="terminalId"
          columns={columns}
          dataSource={data}
          loading={isPending || isFetching}
          scroll={{ x: 1060 }}
          pagination={(data?.length ?? 0) > 20 ? { pageSize: 20, showSizeChanger: false } : false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未登记缴费终端，请点击“登记终端”" /> }}
        />
      </Card>
      <RegisterTerminalModal open={registering} onClose={() => setRegistering(false)} onRegistered={(terminal) => setIssued({ kind: 'registered', terminal })} />
      <SigningKeyModal issued={issued} onClose={() => setIssued(null)} />
      <StatementsDrawer terminal={statementsOf} onClose={() => setStatementsOf(null)} />
    </>
  );
}
