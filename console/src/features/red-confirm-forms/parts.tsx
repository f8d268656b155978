/**
 * Pieces the 红字确认单 pages share: the state tag, the countdown to the
 * confirmation deadline, and the action buttons the form's `actions`
 * allow, each behind a confirmation (拒绝 asks for the reason first).
 */
import { App, Button, Form, Input, Modal, Space, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { describeError } from '../../lib/api.ts';
import { formatIsoDateTime, formatRemaining } from '../../lib/format.ts';
import { useOnce } from '../../lib/once.ts';
import type { RedConfirmForm, RedConfirmFormAction } from '../../lib/schemas.ts';
import { useFormAction } from './api.ts';
import { ACTIONS, OPERATION_STATUSES, stateColor } from './labels.ts';

export function FormStateTag({
  form,
}: {
  form: Pick<RedConfirmForm, 'state' | 'stateLabel' | 'final' | 'redInvoice' | 'operationStatus'>;
}) {
  const operation = form.operationStatus ? OPERATION_STATUSES[form.operationStatus] : undefined;
  return (
    <Space size={4} wrap>
      <Tag color={stateColor(form)} style={{ marginInlineEnd: 0 }}>
        {form.stateLabel}
      </Tag>
      {operation && (
        <Tag color={operation.color} style={{ marginInlineEnd: 0 }}>
          {operation.label}
        </Tag>
      )}
    </Space>
  );
}

/** The time now, again every 30 s (a countdown in minutes needs no more). */
function useNow(): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  return now;
}

/** 剩余 51 小时 12 分 for a form waiting for confirmation (red under 12 hours), 已过期 after its deadline, — otherwise. */
export function Countdown({ form }: { form: Pick<RedConfirmForm, 'state' | 'deadlineAt' | 'expired'> }) {
  const now = useNow();
  if (form.expired) return <Typography.Text type="danger">已过期</Typography.Text>;
  if ((form.state !== '02' && form.state !== '03') || !form.deadlineAt) return <Typography.Text type="secondary">—</Typography.Text>;
  const left = formatRemaining(Date.parse(form.deadlineAt), now);
  return (
    <Typography.Text
      type={left.urgent ? 'danger' : undefined}
      strong={left.urgent}
      title={`确认截止 ${formatIsoDateTime(form.deadlineAt)}`}
      data-testid="countdown"
      style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}
    >
      {left.text}
    </Typography.Text>
  );
}

const QUESTIONS: Readonly<Record<RedConfirmFormAction, (name: string) => { title: string; content: string; danger?: boolean }>> = {
  confirm: (name) => ({
    title: `确认红字确认单 ${name}？`,
    content: '确认后购方即可开具红字发票，该金额将从蓝字发票的剩余可红冲金额中占用。',
  }),
  reject: (name) => ({ title: `拒绝红字确认单 ${name}`, content: '' }),
  revoke: (name) => ({
    title: `撤销红字确认单 ${name}？`,
    content: '撤销后该确认单作废，不能恢复；如仍需红冲，须重新申请。',
    danger: true,
  }),
  refresh: (name) => ({ title: `向渠道查询红字确认单 ${name} 的最新状态？`, content: '将向渠道查询一次，状态有变化时更新。' }),
};

/** The buttons the form's `actions` allow (none for a viewer or a final form). */
export function FormActions({ form, size = 'small' }: { form: RedConfirmForm; size?: 'small' | 'middle' }) {
  const { message, modal } = App.useApp();
  const act = useFormAction();
  const [rejecting, setRejecting] = useState(false);
  const [reasonForm] = Form.useForm<{ reason: string }>();
  // One rejection per click of 拒绝, however fast it is clicked twice (the form's validation is asynchronous).
  const once = useOnce();
  const reject = (reason: string) => run('reject', reason.trim()).then(() => setRejecting(false));
  const name = form.billNo ?? form.billId ?? form.id;

  const run = (action: RedConfirmFormAction, reason?: string) =>
    act.mutateAsync({ id: form.id, action, reason }).then(
      (after) => {
        // 202: the channel had not answered in time; the job goes on and the page shows the state as it is.
        if (action !== 'refresh' && after.state === form.state) {
          message.info(`已提交${ACTIONS[action]}，等待渠道答复；红字确认单现为「${after.stateLabel}」`);
        } else {
          message.success(`已${ACTIONS[action]}：红字确认单现为「${after.stateLabel}」`);
        }
      },
      (error: unknown) => {
        message.error(describeError(error));
        throw error;
      },
    );

  const ask = (action: RedConfirmFormAction) => {
    if (action === 'reject') {
      reasonForm.resetFields();
      setRejecting(true);
      return;
    }
    const question = QUESTIONS[action](name);
    modal.confirm({
      title: question.title,
      content: question.content,
      okText: ACTIONS[action],
      okButtonProps: question.danger ? { danger: true } : undefined,
      cancelText: '取消',
      onOk: () => run(action).catch(() => undefined),
    });
  };

  if (form.actions.length === 0) return null;
  return (
    <>
      <Space size={0} wrap>
        {form.actions.map((action) => (
          <Button
            key={action}
            type="link"
            size={size}
            danger={action === 'reject' || action === 'revoke'}
            onClick={() => ask(action)}
            data-testid={`form-${action}`}
          >
            {ACTIONS[action]}
          </Button>
        ))}
      </Space>
      <Modal
        open={rejecting}
        title={QUESTIONS.reject(name).title}
        okText="拒绝"
        okButtonProps={{ danger: true }}
        cancelText="取消"
        confirmLoading={once.busy}
        onCancel={() => setRejecting(false)}
        onOk={() => void once.run(async () => reject((await reasonForm.validateFields()).reason))}
        destroyOnHidden
      >
        <Form<{ reason: string }> form={reasonForm} layout="vertical" onFinish={({ reason }) => void once.run(() => reject(reason))}>
          <Form.Item
            label="拒绝理由"
            name="reason"
            extra="将发送给渠道，购方可见。"
            rules={[
              { required: true, whitespace: true, message: '请填写拒绝理由' },
              { max: 200, message: '最多 200 字' },
            ]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
