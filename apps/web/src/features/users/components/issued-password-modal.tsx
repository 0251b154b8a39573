import { Typography } from 'antd';
import { ShownOnceModal } from '../../../components/shown-once-modal';

export interface IssuedPassword {
  kind: 'initial' | 'temporary';
  username: string;
  displayName: string;
  password: string;
}

/**
 * Shows a password the server generated (new account or reset) exactly once, for the admin to hand over.
 * It cannot be shown again: the server keeps only its hash.
 */
export function IssuedPasswordModal({ issued, onClose }: { issued: IssuedPassword | null; onClose: () => void }) {
  const isInitial = issued?.kind === 'initial';
  const passwordLabel = isInitial ? '初始密码' : '临时密码';
  return (
    <ShownOnceModal
      open={issued !== null}
      title={isInitial ? '账号已创建' : '密码已重置'}
      warning={`请将${passwordLabel}交给本人`}
      description={`${passwordLabel}只显示这一次，关闭后无法再次查看。请当面或通过安全渠道交给使用人；使用人登录后须立即修改密码。`}
      onClose={onClose}
      items={
        issued
          ? [
              { key: 'displayName', label: '姓名', children: issued.displayName },
              { key: 'username', label: '用户名', children: issued.username },
              {
                key: 'password',
                label: passwordLabel,
                children: (
                  <Typography.Text code copyable={{ text: issued.password, tooltips: ['复制', '已复制'] }} data-testid="issued-password" style={{ fontSize: 16 }}>
                    {issued.password}
                  </Typography.Text>
                ),
              },
            ]
          : []
      }
    />
  );
}
