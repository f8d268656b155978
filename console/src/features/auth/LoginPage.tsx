import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError, describeError } from '../../lib/api.ts';
import { CenteredPage } from './CenteredPage.tsx';
import { useSession, useSignIn } from './session.ts';

interface Credentials {
  name: string;
  password: string;
}

/** Where to go after signing in: a console path the user was sent away from, else the invoice list. */
export function nextPath(params: URLSearchParams): string {
  const next = params.get('next');
  return next?.startsWith('/') && !next.startsWith('//') ? next : '/invoices';
}

export function LoginPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const session = useSession();
  const signIn = useSignIn();

  if (session.data && !signIn.isPending) {
    return <Navigate to={session.data.user.mustChangePassword ? `/password?${params}` : nextPath(params)} replace />;
  }

  const onFinish = (credentials: Credentials) => {
    signIn.mutate(credentials, {
      onSuccess(signedIn) {
        navigate(signedIn.user.mustChangePassword ? `/password?${params}` : nextPath(params), { replace: true });
      },
    });
  };

  const error = signIn.error;
  return (
    <CenteredPage>
      <Card title="登录发票中心" variant="borderless" style={{ width: 380 }}>
        {params.get('expired') && !error && <Alert type="warning" showIcon title="登录已过期，请重新登录" style={{ marginBottom: 16 }} />}
        {error && (
          <Alert
            type="error"
            showIcon
            title={error instanceof ApiError && error.status === 401 ? '用户名或密码错误，或该用户已停用' : describeError(error)}
            style={{ marginBottom: 16 }}
          />
        )}
        <Form<Credentials> layout="vertical" onFinish={onFinish} requiredMark={false} autoComplete="on">
          <Form.Item label="用户名" name="name" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus maxLength={64} />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" maxLength={200} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={signIn.isPending}>
            登录
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          没有账号或忘记密码，请联系管理员。
        </Typography.Paragraph>
      </Card>
    </CenteredPage>
  );
}
