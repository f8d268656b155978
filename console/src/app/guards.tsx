import { Button, Flex, Result, Spin } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { hasScope, sessionHasExpired, useSession } from '../features/auth/session.ts';
import { describeError } from '../lib/api.ts';

/** While the session or a page's code loads (also the router's HydrateFallback, while a lazy page loads on a full page load). */
export function FullPageSpin() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

/**
 * Pages for signed-in users. Without a session: the sign-in page, then back
 * here. With a one-time password: the password page first.
 */
export function RequireSession({ allowPasswordChange = false }: { allowPasswordChange?: boolean }) {
  const session = useSession();
  const location = useLocation();
  const here = `${location.pathname}${location.search}`;
  if (session.isPending) return <FullPageSpin />;
  if (session.isError) {
    return (
      <Result
        status="error"
        title="无法连接服务器"
        subTitle={describeError(session.error)}
        extra={<Button onClick={() => void session.refetch()}>重试</Button>}
      />
    );
  }
  if (!session.data) return <Navigate to={`/login?${sessionHasExpired() ? 'expired=1&' : ''}next=${encodeURIComponent(here)}`} replace />;
  if (session.data.user.mustChangePassword && !allowPasswordChange) {
    return <Navigate to={`/password?next=${encodeURIComponent(here)}`} replace />;
  }
  return <Outlet />;
}

/** Pages of one role: others see a 403 page (the API refuses them too). */
export function RequireScope({ scope }: { scope: string }) {
  const session = useSession();
  const navigate = useNavigate();
  if (!hasScope(session.data, scope)) {
    return (
      <Result
        status="403"
        title="无权访问"
        subTitle="此页面仅管理员可用。如需权限，请联系管理员。"
        extra={
          <Button type="primary" onClick={() => navigate('/invoices')}>
            返回发票查询
          </Button>
        }
      />
    );
  }
  return <Outlet />;
}

export function NotFoundPage() {
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title="页面不存在"
      subTitle="您访问的页面不存在，请检查地址。"
      extra={
        <Button type="primary" onClick={() => navigate('/invoices')}>
          返回发票查询
        </Button>
      }
    />
  );
}
