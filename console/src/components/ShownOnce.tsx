/**
 * A secret made just now (a one-time password, an appSecurity), shown this
 * once: a warning, whose it is, and each secret to copy; the dialog closes
 * by 我已记下, not by a click beside it.
 */
import { Alert, Button, Modal, Space, Typography } from 'antd';
import type { CSSProperties } from 'react';

export interface Secret {
  readonly label: string;
  readonly value: string;
  /** For the browser tests. */
  readonly testId: string;
  readonly style?: CSSProperties;
}

export interface Shown {
  readonly title: string;
  readonly warning: string;
  /** Whose it is: 用户名, 应用名称. */
  readonly owner: { readonly label: string; readonly name: string };
  readonly secrets: readonly Secret[];
}

/** Closed while `shown` is undefined. */
export function ShownOnce({ shown, onClose }: { shown: Shown | undefined; onClose: () => void }) {
  return (
    <Modal
      open={shown !== undefined}
      title={shown?.title}
      onCancel={onClose}
      footer={
        <Button type="primary" onClick={onClose}>
          我已记下
        </Button>
      }
      mask={{ closable: false }}
    >
      {shown && (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="warning" showIcon title={shown.warning} />
          <div>
            <Typography.Text type="secondary">{shown.owner.label}：</Typography.Text>
            <Typography.Text strong>{shown.owner.name}</Typography.Text>
          </div>
          {shown.secrets.map((secret) => (
            <div key={secret.label}>
              <Typography.Text type="secondary">{secret.label}：</Typography.Text>
              <Typography.Text code copyable={{ tooltips: ['复制', '已复制'] }} data-testid={secret.testId} style={secret.style}>
                {secret.value}
              </Typography.Text>
            </div>
          ))}
        </Space>
      )}
    </Modal>
  );
}
