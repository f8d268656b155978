/**
 * The console's pages, under /console. Pages are loaded when first opened
 * (each its own file), so the first screen loads only what it needs; on a
 * full page load, a spinner stands in for the layout until the page's code
 * is there (the router's HydrateFallback).
 */
import { createBrowserRouter, Navigate } from 'react-router';
import { ChangePasswordPage } from '../features/auth/ChangePasswordPage.tsx';
import { LoginPage } from '../features/auth/LoginPage.tsx';
import { AppLayout } from './AppLayout.tsx';
import { FullPageSpin, NotFoundPage, RequireScope, RequireSession } from './guards.tsx';

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage /> },
    {
      element: <RequireSession allowPasswordChange />,
      children: [{ path: '/password', element: <ChangePasswordPage /> }],
    },
    {
      element: <RequireSession />,
      children: [
        {
          element: <AppLayout />,
          HydrateFallback: FullPageSpin,
          children: [
            { index: true, element: <Navigate to="/invoices" replace /> },
            {
              path: '/invoices',
              lazy: async () => ({ Component: (await import('../features/invoices/InvoiceListPage.tsx')).InvoiceListPage }),
            },
            {
              path: '/invoices/:id',
              lazy: async () => ({ Component: (await import('../features/invoices/InvoiceDetailPage.tsx')).InvoiceDetailPage }),
            },
            {
              path: '/red-flush',
              lazy: async () => ({ Component: (await import('../features/red-flush/RedFlushPage.tsx')).RedFlushPage }),
            },
            {
              path: '/red-flush-requests',
              lazy: async () => ({ Component: (await import('../features/red-flush/RequestListPage.tsx')).RequestListPage }),
            },
            {
              path: '/red-flush-requests/:id',
              lazy: async () => ({ Component: (await import('../features/red-flush/RequestDetailPage.tsx')).RequestDetailPage }),
            },
            {
              path: '/red-confirm-forms',
              lazy: async () => ({ Component: (await import('../features/red-confirm-forms/FormListPage.tsx')).FormListPage }),
            },
            {
              path: '/red-confirm-forms/:id',
              lazy: async () => ({ Component: (await import('../features/red-confirm-forms/FormDetailPage.tsx')).FormDetailPage }),
            },
            {
              path: '/pushes',
              lazy: async () => ({ Component: (await import('../features/pushes/PushListPage.tsx')).PushListPage }),
            },
            {
              path: '/pushes/batch',
              lazy: async () => ({ Component: (await import('../features/pushes/BatchPage.tsx')).BatchPage }),
            },
            {
              path: '/pushes/:id',
              lazy: async () => ({ Component: (await import('../features/pushes/PushDetailPage.tsx')).PushDetailPage }),
            },
            {
              path: '/settings',
              element: <RequireScope scope="admin" />,
              children: [
                { index: true, element: <Navigate to="/settings/users" replace /> },
                {
                  path: 'users',
                  lazy: async () => ({ Component: (await import('../features/settings/UsersPage.tsx')).UsersPage }),
                },
                {
                  path: 'audit',
                  lazy: async () => ({ Component: (await import('../features/settings/AuditLogPage.tsx')).AuditLogPage }),
                },
                {
                  path: 'apps',
                  lazy: async () => ({ Component: (await import('../features/settings/AppsChannelsPage.tsx')).AppsChannelsPage }),
                },
              ],
            },
            { path: '*', element: <NotFoundPage /> },
          ],
        },
      ],
    },
  ],
  { basename: '/console' },
);
