import { Typography } from 'antd';
import { ShownOnceModal } from '../../../components/shown-once-modal';
import type { TTerminalWithKey } from '../api';

export interface IssuedSigningKey {
  kind: 'registered' | 'rotated';
  terminal: TTerminalWithKey;
}

/**
 * The signing key the server generated for a terminal (registered or re-keyed), shown exactly once for the agency
 * to configure on the terminal: it is never answered again.
 */
export function SigningKeyModal({ issued, onClose }: { issued: IssuedSigningKey | null; onClose: () => void }) {
  const terminal = issued?.terminal;
  return (
    <ShownOnceModal
      open={issued !== null}
      title={issued?.kind === 'rotated' ? '已重新生成签名密钥' : '终端已登记'}
      warning="签名密钥只显示这一次"
      description={
        issued?.kind === 'rotated'
          ? '原密钥已失效。请立即把新密钥配置到终端上，关闭后无法再次查看；遗失时只能再次重新生成。'
          : '请把密钥配置到终端上，关闭后无法再次查看；遗失时只能重新生成（原密钥随即失效）。请勿通过聊天工具或邮件明文发送。'
      }
      onClose={onClose}
      items={
        terminal
          ? [
              { key: 'name', label: '终端名称', children: terminal.name },
              { key: 'id', label: '终端编号', children: <Typography.Text copyable={{ text: terminal.terminalId, tooltips: ['复制', '已复制'] }}>{terminal.terminalId}</Typography.Text> },
              { key: 'channel', label: '类型', children: terminal.channelName },
              {
                key: 'key',
                label: '签名密钥',
                children: (
                  <Typography.Text code copyable={{ text: terminal.signingKey, tooltips: ['复制密钥', '已复制'] }} data-testid="terminal-signing-key" style={{ wordBreak: 'break-all', fontSize: 13 }}>
                    {terminal.signingKey}
                  </Typography.Text>
                ),
              },
            ]
          : []
      }
    />
  );
}
