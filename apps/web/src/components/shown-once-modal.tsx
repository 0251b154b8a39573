import { Alert, Button, Descriptions, Modal, type DescriptionsProps } from 'antd';
import type { ReactNode } from 'react';

/**
 * A secret the server generated and answers only once (an account's first or temporary password, a terminal's
 * signing key): a warning that it cannot be shown again, what it belongs to, and a close button that says it was
 * noted. The backdrop does not close it.
 */
export function ShownOnceModal({
  open,
  title,
  warning,
  description,
  items,
  onClose,
}: {
  open: boolean;
  title: string;
  warning: string;
  description: ReactNode;
  items: DescriptionsProps['items'];
  onClose: () => void;
}) {
  return (
    <Modal
      open={open}
      title={title}
      onCancel={onClose}
      mask={{ closable: false }}
      destroyOnHidden
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下，关闭
        </Button>
      }
    >
      {open && (
        <>
          <Alert type="warning" showIcon title={warning} description={description} style={{ marginBottom: 16 }} />
          <Descriptions column={1} bordered size="small" styles={{ label: { whiteSpace: 'nowrap' } }} items={items} />
        </>
      )}
    </Modal>
  );
}
