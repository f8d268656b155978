/**
 * The console's providers: antd in Chinese (zh_CN, dayjs zh-cn) with the
 * page's CSP nonce on every style it adds and no motion for those who
 * asked their system for less, one TanStack Query client for server state,
 * and the router.
 */
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { RouterProvider } from 'react-router';
import { expireSession } from '../features/auth/session.ts';
import { ApiError, handleUnauthorized } from '../lib/api.ts';
import { cspNonce } from '../lib/nonce.ts';
import { PREFERS_REDUCED_MOTION } from '../lib/reduced-motion.ts';
import { router } from './router.tsx';

dayjs.locale('zh-cn');

const queryClient = new QueryClient({
  queryCache: new QueryCache(),
  defaultOptions: {
    queries: {
      // A 4xx will not change by asking again; a network blip may.
      retry: (count, error) => !(error instanceof ApiError && error.status < 500) && count < 2,
      refetchOnWindowFocus: false,
    },
  },
});

// The session expired or ended while the user worked: the page guard leads to the sign-in page, then back here.
handleUnauthorized(() => expireSession(queryClient));

const nonce = cspNonce();

export function App() {
  return (
    <ConfigProvider
      locale={zhCN}
      csp={nonce ? { nonce } : undefined}
      theme={{
        token: {
          fontFamily: "-apple-system, BlinkMacSystemFont, 'Segoe UI', 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', sans-serif",
          motion: !PREFERS_REDUCED_MOTION,
        },
      }}
    >
      <AntApp>
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </AntApp>
    </ConfigProvider>
  );
}
