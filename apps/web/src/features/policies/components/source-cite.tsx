import { FileTextOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import { citation, type TCitedNotice } from '../policy-text';

export interface SourceCiteProps {
  source: { notice: string; section: string; quote?: string; reference?: string };
  notice?: TCitedNotice | null;
  /** The value is not stated in the notice (taken from public sources or inferred). */
  unsure?: boolean;
}

/** “依据：苏社基〔2018〕55号 三、申报缴费标准”, with the quoted sentence and any reference on hover. */
export function SourceCite({ source, notice, unsure }: SourceCiteProps) {
  const c = citation(source, notice);
  const detail = [source.quote ? `“${source.quote}”` : null, source.reference ? `出处：${source.reference}` : null].filter(Boolean);
  const text = (
    <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="source-cite">
      <FileTextOutlined style={{ marginInlineEnd: 4 }} />
      {c.kind === 'system' ? c.document : `依据：${c.document}`}
      {c.section && ` ${c.section}`}
      {c.kind === 'public' && (
        <Tag variant="filled" style={{ marginInlineStart: 6, fontSize: 11, lineHeight: '16px' }}>
          公开资料
        </Tag>
      )}
    </Typography.Text>
  );
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', flexWrap: 'wrap', gap: 4 }}>
      {detail.length ? (
        <Tooltip title={detail.join('\n')} styles={{ root: { maxWidth: 420, whiteSpace: 'pre-line' } }}>
          <span style={{ cursor: 'help' }}>{text}</span>
        </Tooltip>
      ) : (
        text
      )}
      {unsure && (
        <Tooltip title="通知原文未明确规定，取自公开资料或按通知推定">
          <Tag color="orange" variant="outlined" style={{ fontSize: 11, lineHeight: '16px', marginInlineEnd: 0 }}>
            推定
          </Tag>
        </Tooltip>
      )}
    </span>
  );
}
