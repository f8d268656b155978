import { Alert, App, Button, Card, Form, Input, Space } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, describeError, type FieldProblem, fieldReason, forClerk, hasChinese } from '../../lib/api.ts';
import { CenteredPage } from './CenteredPage.tsx';
import { nextPath } from './LoginPage.tsx';
import { useChangePassword, useSession } from './session.ts';

interface PasswordForm {
  currentPassword: string;
  newPassword: string;
  confirm: string;
}

const PASSWORD_FIELDS = ['/currentPassword', '/newPassword'];

/**
 * The API's reason at the field it names, in Chinese whatever form it comes
 * in: the server's own Chinese when it sends it (with or without the
 * field's name before it: `当前密码(currentPassword)：…`, `currentPassword：…`),
 * else ours, by what the English reason is about.
 */
function passwordReason(field: FieldProblem): string {
  const reason = forClerk(fieldReason(field));
  if (hasChinese(reason)) return reason;
  const english = reason.toLowerCase();
  if (field.pointer === '/currentPassword') return '当前密码不正确';
  if (/login|name/.test(english)) return '新密码不能与用户名相同';
  if (/differ|same|current/.test(english)) return '新密码不能与当前密码相同';
  return '新密码不符合要求：8 至 200 位，不能与用户名或当前密码相同';
}

const atPasswordFields = (error: unknown): FieldProblem[] =>
  error instanceof ApiError && error.status === 400 ? error.errors.filter((field) => PASSWORD_FIELDS.includes(field.pointer ?? '')) : [];

export function ChangePasswordPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const session = useSession();
  const change = useChangePassword();
  const [form] = Form.useForm<PasswordForm>();

  if (!session.data) return <Navigate to="/login" replace />;
  const { user } = session.data;

  const onFinish = ({ currentPassword, newPassword }: PasswordForm) => {
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess() {
          message.success('密码已修改');
          navigate(nextPath(params), { replace: true });
        },
        onError(error) {
          form.setFields(
            atPasswordFields(error).map((field) => ({
              name: (field.pointer ?? '').slice(1) as keyof PasswordForm,
              errors: [passwordReason(field)],
            })),
          );
        },
      },
    );
  };

  // What is not about one of the fields is said above the form.
  const unexpected = change.error && atPasswordFields(change.error).length === 0 ? change.error : undefined;
  return (
    <CenteredPage>
      <Card title={`修改密码 · ${user.name}`} variant="borderless" style={{ width: 420 }}>
        {user.mustChangePassword && (
          <Alert
            type="info"
            showIcon
            title="请先设置您自己的密码"
            description="当前密码是管理员提供的一次性密码，设置新密码后才能使用系统。"
            style={{ marginBottom: 16 }}
          />
        )}
        {unexpected && <Alert type="error" showIcon title={describeError(unexpected)} style={{ marginBottom: 16 }} />}
        <Form<PasswordForm> form={form} layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
            <Input.Password autoComplete="current-password" maxLength={200} />
          </Form.Item>
          <Form.Item
            label="新密码"
            name="newPassword"
            extra="至少 8 位，不能与用户名相同"
            rules={[
              { required: true, message: '请输入新密码' },
              { min: 8, message: '新密码至少 8 位' },
              { max: 200, message: '新密码最多 200 位' },
              {
                validator: async (_rule, value: string | undefined) => {
                  if (value && value.toLowerCase() === user.name.toLowerCase()) throw new Error('新密码不能与用户名相同');
                },
              },
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
          <Form.Item
            label="确认新密码"
            name="confirm"
            dependencies={['newPassword']}
            rules={[
              { required: true, message: '请再次输入新密码' },
              ({ getFieldValue }) => ({
                validator: async (_rule, value: string | undefined) => {
                  if (value && value !== getFieldValue('newPassword')) throw new Error('两次输入的新密码不一致');
                },
              }),
            ]}
          >
            <Input.Password autoComplete="new-password" maxLength={200} />
          </Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={change.isPending}>
              确认修改
            </Button>
            {!user.mustChangePassword && <Button onClick={() => navigate(-1)}>返回</Button>}
          </Space>
        </Form>
      </Card>
    </CenteredPage>
  );
}
