/**
 * A 新建… button and its dialog: a form (its items are the children) in a
 * modal that opens empty each time, 创建 sends it, and the API's refusal
 * (a name taken, a rule broken) is shown under the name field, the dialog
 * staying open; once made, the dialog closes and `onCreated` has the answer
 * (what is shown once: a password, a key).
 */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Form, Modal } from 'antd';
import { type ReactNode, useState } from 'react';
import { describeError } from '../lib/api.ts';
import { useOnce } from '../lib/once.ts';

/** What it needs of the mutation that makes the thing (TanStack Query's `useMutation`). */
export interface Creating<Input, Result> {
  mutate(input: Input, options: { onSuccess(result: Result): void; onError(error: Error): void }): void;
  readonly isPending: boolean;
}

export interface CreateDialogProps<Values extends { name: string }, Input, Result> {
  /** What is made (用户, 应用): the button and the dialog say 新建 it. */
  readonly what: string;
  /** The form's values when it opens. */
  readonly initialValues: Partial<Values>;
  readonly create: Creating<Input, Result>;
  /** The form's values as the API takes them. */
  readonly toInput: (values: Values) => Input;
  readonly onCreated: (result: Result) => void;
  /** The form's items; `name`'s shows the API's refusal. */
  readonly children: ReactNode;
}

export function CreateDialog<Values extends { name: string }, Input, Result>({
  what,
  initialValues,
  create,
  toInput,
  onCreated,
  children,
}: CreateDialogProps<Values, Input, Result>) {
  const [open, setOpen] = useState(false);
  // Untyped: antd's field paths of a generic Values do not take 'name'.
  const [form] = Form.useForm();
  // One request per 创建, however fast it is clicked (validation is asynchronous; isPending comes too late).
  const once = useOnce();
  const submit = (values: Values) =>
    new Promise<void>((resolve) =>
      create.mutate(toInput(values), {
        onSuccess(result) {
          setOpen(false);
          onCreated(result);
          resolve();
        },
        onError(error) {
          form.setFields([{ name: 'name', errors: [describeError(error)] }]);
          resolve();
        },
      }),
    );
  return (
    <>
      <Button
        type="primary"
        icon={<PlusOutlined />}
        onClick={() => {
          form.resetFields();
          setOpen(true);
        }}
      >
        新建{what}
      </Button>
      <Modal
        open={open}
        title={`新建${what}`}
        okText="创建"
        cancelText="取消"
        confirmLoading={once.busy}
        onCancel={() => setOpen(false)}
        onOk={() => void once.run(async () => submit((await form.validateFields()) as Values))}
        destroyOnHidden
      >
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={initialValues}
          onFinish={(values) => void once.run(() => submit(values))}
        >
          {children}
        </Form>
      </Modal>
    </>
  );
}
