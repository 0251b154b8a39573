import { FileTextOutlined } from '@ant-design/icons';
import { Tag, Tooltip, Typography } from 'antd';
import { citation, type TCitedNotice } from '../policy-text';

export interface SourceCiteProps {
  source: { notice: string; section: string; quote?: string; reference?: string };
  notice?: TCitedNotice | null;
  /** The value is not stated in the notice (taken from public sources or inferred). */
  unsure?: boolean;
  /**
   * For parents and units: the notice only, where there is one — no “公开资料” or “推定” markers, no references.
   * Those belong to the agency's policy pages.
   */
  plain?: boolean;
}

/** A public source that names a document (“国办发〔2024〕38号 …”), not a description of common practice. */
const NAMES_A_DOCUMENT = /〔\d{4}〕\d+号|\[\d{4}\]\d+号/;

/** “依据：苏社基〔2018〕55号 三、申报缴费标准”, with the quoted sentence and any reference on hover. */
export function SourceCite({ source, notice, unsure, plain }: SourceCiteProps) {
  const c = citation(source, notice);
  if (plain) {
    if (c.kind === 'public' && !NAMES_A_DOCUMENT.test(c.document)) return null;
    return (
      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="source-cite">
        <FileTextOutlined style={{ marginInlineEnd: 4 }} />
        {c.kind === 'system' ? c.document : `依据：${c.document}`}
        {c.section && ` ${c.section}`}
      </Typography.Text>
    );
  }
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
