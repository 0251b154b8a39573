import { CheckCircleFilled, ExclamationCircleFilled } from '@ant-design/icons';
import type { TBatchResult } from '@canbao/domain';
import { Alert, Modal, Space, Statistic, Table, Typography } from 'antd';
import { Link } from 'react-router';
import { batchResultLine } from '../declaration-view';

/** The outcome of a batch declaration, person by person where something did not go through. */
export function BatchResultModal({ title, result, onClose }: { title: string; result: TBatchResult | null; onClose: () => void }) {
  const troubled = result ? result.refused.length + result.conflicts.length : 0;
  return (
    <Modal
      open={Boolean(result)}
      title={title}
      onCancel={onClose}
      onOk={onClose}
      okText="知道了"
      cancelButtonProps={{ style: { display: 'none' } }}
      width={720}
      destroyOnHidden
    >
      {result && (
        <div data-testid="batch-result">
          <Alert
            type={troubled || result.note ? 'warning' : 'success'}
            showIcon
            icon={troubled || result.note ? <ExclamationCircleFilled /> : <CheckCircleFilled />}
            title={batchResultLine(result)}
            description={
              result.declared > 0
                ? '新申报的人员状态为“已申报”：核对无误后，请做“参保缴费确认”，确认前不会收费。'
                : result.note
            }
            style={{ marginBottom: 16 }}
          />
          <Space size={40} style={{ marginBottom: 16 }}>
            <Statistic title="新申报" value={result.declared} suffix="人" data-testid="batch-declared" />
            <Statistic title="已申报过（未重复申报）" value={result.alreadyDeclared} suffix="人" />
            <Statistic title="未能申报" value={result.refused.length} suffix="人" styles={{ content: result.refused.length ? { color: '#cf1322' } : undefined }} />
            <Statistic title="其他单位已申报" value={result.conflicts.length} suffix="人" styles={{ content: result.conflicts.length ? { color: '#d46b08' } : undefined }} />
          </Space>
          {(result.flagged?.length ?? 0) > 0 && (
            <>
              <Typography.Title level={5}>已申报，但请在确认前核实</Typography.Title>
              <Table
                size="small"
                rowKey="personId"
                data-testid="batch-flagged"
                dataSource={result.flagged}
                pagination={(result.flagged?.length ?? 0) > 10 ? { pageSize: 10, size: 'small' } : false}
                style={{ marginBottom: 8 }}
                columns={[
                  { title: '姓名', dataIndex: 'name', width: 120 },
                  { title: '需核实', dataIndex: 'reason', render: (v: string) => <Typography.Text type="warning">{v}</Typography.Text> },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ marginBottom: 16 }}>
                这些人员在名单中以红色标出；如确已毕业或离校，请在“参保缴费确认”前撤销其申报。
              </Typography.Paragraph>
            </>
          )}
          {result.refused.length > 0 && (
            <>
              <Typography.Title level={5}>未能申报的人员及原因</Typography.Title>
              <Table
                size="small"
                rowKey="personId"
                data-testid="batch-refused"
                dataSource={result.refused}
                pagination={result.refused.length > 10 ? { pageSize: 10, size: 'small' } : false}
                style={{ marginBottom: 16 }}
                columns={[
                  { title: '姓名', dataIndex: 'name', width: 120 },
                  { title: '原因', dataIndex: 'reason', render: (v: string) => <Typography.Text type="danger">{v}</Typography.Text> },
                  {
                    title: '处理',
                    key: 'fix',
                    width: 150,
                    render: (_: unknown, r: TBatchResult['refused'][number]) =>
                      r.fix ? <Link to={`/persons/${r.personId}?edit=${r.fix.field}`}>{r.fix.label}</Link> : null,
                  },
                ]}
              />
            </>
          )}
          {result.conflicts.length > 0 && (
            <>
              <Typography.Title level={5}>已由其他单位申报（同一人同一年度只能申报一次）</Typography.Title>
              <Table
                size="small"
                rowKey="personId"
                data-testid="batch-conflicts"
                dataSource={result.conflicts}
                pagination={result.conflicts.length > 10 ? { pageSize: 10, size: 'small' } : false}
                columns={[
                  { title: '姓名', dataIndex: 'name', width: 120 },
                  { title: '申报单位', dataIndex: 'holder', render: (v: string) => <Typography.Text type="warning">{v}</Typography.Text> },
                ]}
              />
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                如该生已转入本单位，请联系原单位撤销其申报，或由经办机构办理转移后再申报。
              </Typography.Paragraph>
            </>
          )}
        </div>
      )}
    </Modal>
  );
}
