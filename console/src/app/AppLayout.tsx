/**
 * The frame of every page after sign-in: the menu on the left (the
 * settings for admins only), the user at the top right.
 */
import {
  AuditOutlined,
  CloudUploadOutlined,
  DownOutlined,
  FileDoneOutlined,
  FileSearchOutlined,
  FileSyncOutlined,
  KeyOutlined,
  LogoutOutlined,
  RollbackOutlined,
  SettingOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { App, Button, Dropdown, Flex, Layout, Menu, type MenuProps, Tag, Typography } from 'antd';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { hasScope, ROLE_LABELS, useSession, useSignOut } from '../features/auth/session.ts';
import { describeError } from '../lib/api.ts';

const { Header, Sider, Content } = Layout;

type MenuItem = Required<MenuProps>['items'][number];

function menuItems(isAdmin: boolean): MenuItem[] {
  const items: MenuItem[] = [
    { key: '/invoices', icon: <FileSearchOutlined />, label: '发票查询' },
    { key: '/red-flush', icon: <RollbackOutlined />, label: '发票红冲' },
    { key: '/red-flush-requests', icon: <FileSyncOutlined />, label: '红冲申请' },
    { key: '/red-confirm-forms', icon: <FileDoneOutlined />, label: '红字确认单' },
    { key: '/pushes', icon: <CloudUploadOutlined />, label: '推送记录' },
  ];
  if (isAdmin) {
    items.push({
      key: '/settings',
      icon: <SettingOutlined />,
      label: '设置',
      children: [
        { key: '/settings/users', icon: <UserOutlined />, label: '用户管理' },
        { key: '/settings/audit', icon: <AuditOutlined />, label: '审计日志' },
        { key: '/settings/apps', icon: <KeyOutlined />, label: '应用与渠道' },
      ],
    });
  }
  return items;
}

/** The menu entry of a path: the longest key it starts with (`/invoices/42` → `/invoices`). */
function selectedKey(pathname: string): string {
  const keys = [
    '/invoices',
    '/red-flush-requests',
    '/red-flush',
    '/red-confirm-forms',
    '/pushes',
    '/settings/users',
    '/settings/audit',
    '/settings/apps',
  ];
  return keys.find((key) => pathname === key || pathname.startsWith(`${key}/`)) ?? pathname;
}

export function AppLayout() {
  const session = useSession();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const location = useLocation();
  const { message } = App.useApp();
  const user = session.data?.user;
  const isAdmin = hasScope(session.data, 'admin');
  const selected = selectedKey(location.pathname);

  const userMenu: MenuProps = {
    items: [
      { key: 'password', icon: <KeyOutlined />, label: '修改密码' },
      { type: 'divider' },
      { key: 'logout', icon: <LogoutOutlined />, label: '退出登录', danger: true },
    ],
    onClick({ key }) {
      if (key === 'password') navigate(`/password?next=${encodeURIComponent(location.pathname + location.search)}`);
      if (key === 'logout') {
        signOut.mutate(undefined, {
          onSuccess: () => navigate('/login', { replace: true }),
          onError: (error) => message.error(describeError(error)),
        });
      }
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Sider width={200} theme="dark" breakpoint="lg" collapsedWidth={64}>
        <Flex align="center" gap={8} style={{ height: 56, padding: '0 20px', color: '#fff', fontSize: 16, fontWeight: 600 }}>
          <img src="/console/favicon.svg" alt="" width={24} height={24} />
          <span style={{ whiteSpace: 'nowrap', overflow: 'hidden' }}>发票中心</span>
        </Flex>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={[selected]}
          defaultOpenKeys={selected.startsWith('/settings') ? ['/settings'] : []}
          items={menuItems(isAdmin)}
          onClick={({ key }) => navigate(key)}
        />
      </Sider>
      <Layout>
        <Header style={{ background: '#fff', padding: '0 24px', height: 56, lineHeight: '56px', borderBottom: '1px solid #f0f0f0' }}>
          <Flex justify="flex-end" align="center" style={{ height: '100%' }}>
            {user && (
              <Dropdown menu={userMenu} trigger={['click']}>
                <Button type="text" data-testid="user-menu" style={{ height: 40 }}>
                  <Flex align="center" gap={8}>
                    <UserOutlined />
                    <Typography.Text strong>{user.name}</Typography.Text>
                    <Tag
                      color={user.role === 'admin' ? 'gold' : user.role === 'operator' ? 'blue' : 'default'}
                      style={{ marginInlineEnd: 0 }}
                    >
                      {ROLE_LABELS[user.role]}
                    </Tag>
                    <DownOutlined style={{ fontSize: 10 }} />
                  </Flex>
                </Button>
              </Dropdown>
            )}
          </Flex>
        </Header>
        <Content style={{ padding: 20, minWidth: 0 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
