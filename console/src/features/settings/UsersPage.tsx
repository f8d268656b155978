/**
 * 用户管理 (admin): who can sign in, with which role; make a user (the
 * one-time password is shown once), change a role, reset a password,
 * disable or enable. The API refuses what would lock the console out.
 */
import { Alert, App, Button, Card, Form, Input, Modal, Radio, Select, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { useState } from 'react';
import { CreateDialog } from '../../components/CreateDialog.tsx';
import { ShownOnce } from '../../components/ShownOnce.tsx';
import { describeError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import { useOnce } from '../../lib/once.ts';
import type { ConsoleRole, ConsoleUser, UserWithPassword } from '../../lib/schemas.ts';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, useSession } from '../auth/session.ts';
import { useCreateUser, useResetPassword, useSetDisabled, useSetRole, useUsers } from './api.ts';

const ROLE_OPTIONS = (Object.keys(ROLE_LABELS) as ConsoleRole[]).map((role) => ({ value: role, label: ROLE_LABELS[role] }));
const ROLE_COLORS: Record<ConsoleRole, string> = { viewer: 'default', operator: 'blue', admin: 'gold' };

interface NewUser {
  name: string;
  role: ConsoleRole;
}

/** Mirrors the API's `ConsoleUserName`. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]*$/;

function OneTimePassword({ shown, onClose }: { shown: { title: string; result: UserWithPassword } | undefined; onClose: () => void }) {
  return (
    <ShownOnce
      shown={
        shown && {
          title: shown.title,
          warning: '一次性密码只显示这一次，请现在转交给用户。用户首次登录时须设置自己的密码。',
          owner: { label: '用户名', name: shown.result.user.name },
          secrets: [{ label: '一次性密码', value: shown.result.password, testId: 'one-time-password', style: { fontSize: 16 } }],
        }
      }
      onClose={onClose}
    />
  );
}

export function UsersPage() {
  const { message, modal } = App.useApp();
  const session = useSession();
  const users = useUsers();
  const create = useCreateUser();
  const setRole = useSetRole();
  const setDisabled = useSetDisabled();
  const reset = useResetPassword();
  const [roleOf, setRoleOf] = useState<ConsoleUser | undefined>();
  const [shown, setShown] = useState<{ title: string; result: UserWithPassword } | undefined>();
  const [roleForm] = Form.useForm<{ role: ConsoleRole }>();
  const me = session.data?.user.id;

  const fail = (error: unknown) => message.error(describeError(error));
  // One request per 保存, however fast it is clicked twice.
  const savingRole = useOnce();
  const saveRole = async (role: ConsoleRole) => {
    if (!roleOf) return;
    try {
      const user = await setRole.mutateAsync({ id: roleOf.id, role });
      setRoleOf(undefined);
      message.success(`${user.name} 现在是${ROLE_LABELS[user.role]}`);
    } catch (error) {
      fail(error);
    }
  };

  const columns: TableColumnsType<ConsoleUser> = [
    {
      title: '用户名',
      dataIndex: 'name',
      render: (name: string, user) => (
        <Space>
          {name}
          {user.id === me && <Tag>我</Tag>}
        </Space>
      ),
    },
    {
      title: '角色',
      dataIndex: 'role',
      width: 100,
      render: (role: ConsoleRole) => <Tag color={ROLE_COLORS[role]}>{ROLE_LABELS[role]}</Tag>,
    },
    {
      title: '状态',
      key: 'state',
      width: 130,
      render: (_value, user) =>
        user.disabledAt !== null ? (
          <Tag>已停用</Tag>
        ) : user.mustChangePassword ? (
          <Tag color="orange">待设置密码</Tag>
        ) : (
          <Tag color="green">正常</Tag>
        ),
    },
    { title: '创建时间', dataIndex: 'createdAt', width: 170, render: (ms: number) => formatDateTime(ms) },
    {
      title: '最近使用',
      dataIndex: 'lastSeenAt',
      width: 170,
      render: (ms: number | null) => (ms === null ? '从未登录' : formatDateTime(ms)),
    },
    {
      title: '操作',
      key: 'actions',
      width: 230,
      render: (_value, user) => (
        <Space size={0} wrap={false}>
          <Button
            type="link"
            size="small"
            onClick={() => {
              roleForm.setFieldsValue({ role: user.role });
              setRoleOf(user);
            }}
          >
            修改角色
          </Button>
          <Button
            type="link"
            size="small"
            onClick={() =>
              modal.confirm({
                title: `重置 ${user.name} 的密码？`,
                content: '将生成新的一次性密码，该用户当前的登录会立即失效。',
                okText: '重置',
                cancelText: '取消',
                onOk: () =>
                  reset.mutateAsync(user.id).then(
                    (result) => setShown({ title: '密码已重置', result }),
                    (error: unknown) => {
                      fail(error);
                    },
                  ),
              })
            }
          >
            重置密码
          </Button>
          {user.disabledAt === null ? (
            <Button
              type="link"
              size="small"
              danger
              disabled={user.id === me}
              onClick={() =>
                modal.confirm({
                  title: `停用 ${user.name}？`,
                  content: '停用后该用户立即退出，且不能再登录；可随时重新启用。',
                  okText: '停用',
                  okButtonProps: { danger: true },
                  cancelText: '取消',
                  onOk: () =>
                    setDisabled.mutateAsync({ id: user.id, disabled: true }).then(
                      () => {
                        message.success(`已停用 ${user.name}`);
                      },
                      (error: unknown) => {
                        fail(error);
                      },
                    ),
                })
              }
            >
              停用
            </Button>
          ) : (
            <Button
              type="link"
              size="small"
              onClick={() =>
                setDisabled.mutate(
                  { id: user.id, disabled: false },
                  { onSuccess: () => message.success(`已启用 ${user.name}`), onError: fail },
                )
              }
            >
              启用
            </Button>
          )}
        </Space>
      ),
    },
  ];

  return (
    <Card
      title="用户管理"
      variant="borderless"
      extra={
        <CreateDialog<NewUser, NewUser, UserWithPassword>
          what="用户"
          initialValues={{ role: 'viewer' }}
          create={create}
          toInput={(values) => values}
          onCreated={(result) => setShown({ title: '用户已创建', result })}
        >
          <Form.Item
            label="用户名"
            name="name"
            extra="用于登录；字母、数字及 . _ @ -，不区分大小写"
            rules={[
              { required: true, message: '请输入用户名' },
              { max: 64, message: '用户名最多 64 位' },
              { pattern: NAME_PATTERN, message: '只能包含字母、数字及 . _ @ -，且以字母或数字开头' },
            ]}
          >
            <Input autoComplete="off" maxLength={64} />
          </Form.Item>
          <Form.Item label="角色" name="role" rules={[{ required: true }]}>
            <Radio.Group>
              <Space orientation="vertical">
                {ROLE_OPTIONS.map((option) => (
                  <Radio key={option.value} value={option.value}>
                    {option.label}
                    <Typography.Text type="secondary" style={{ marginInlineStart: 8, fontSize: 12 }}>
                      {ROLE_DESCRIPTIONS[option.value]}
                    </Typography.Text>
                  </Radio>
                ))}
              </Space>
            </Radio.Group>
          </Form.Item>
        </CreateDialog>
      }
    >
      {users.isError && <Alert type="error" showIcon title={describeError(users.error)} style={{ marginBottom: 16 }} />}
      <Table<ConsoleUser>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={users.data ?? []}
        loading={users.isPending}
        pagination={false}
      />

      <Modal
        open={roleOf !== undefined}
        title={`修改 ${roleOf?.name ?? ''} 的角色`}
        okText="保存"
        cancelText="取消"
        confirmLoading={savingRole.busy}
        onCancel={() => setRoleOf(undefined)}
        onOk={() => void savingRole.run(async () => saveRole((await roleForm.validateFields()).role))}
      >
        <Form form={roleForm} layout="vertical" onFinish={({ role }) => void savingRole.run(() => saveRole(role))}>
          <Form.Item label="角色" name="role" extra="下一次操作起生效">
            <Select options={ROLE_OPTIONS} />
          </Form.Item>
        </Form>
      </Modal>

      <OneTimePassword shown={shown} onClose={() => setShown(undefined)} />
    </Card>
  );
}
