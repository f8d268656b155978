/**
 * The signed-in user, as the server says: one query (`GET /api/console/session`)
 * that every page reads. A 401 anywhere (the session expired or ended) sets it
 * to null, and the guard sends the user to the sign-in page.
 */
import { type QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, setCsrfToken } from '../../lib/api.ts';
import type { ConsoleRole, ConsoleSession } from '../../lib/schemas.ts';

export const SESSION_KEY = ['session'] as const;

/** Who is signed in: the session, or null (the server answers null when there is none). */
async function fetchSession(): Promise<ConsoleSession | null> {
  const session = await api<ConsoleSession | null>('/api/console/session', { quiet401: true });
  setCsrfToken(session?.csrfToken);
  return session;
}

export function useSession() {
  return useQuery({ queryKey: SESSION_KEY, queryFn: fetchSession, staleTime: 60_000, retry: false });
}

/** Set when the server said the session had gone (401) while the user worked; the sign-in page then says so. */
let expired = false;

export function sessionHasExpired(): boolean {
  return expired;
}

/** The server answered 401: the session expired or ended. The page guard then leads to the sign-in page. */
export function expireSession(queryClient: QueryClient): void {
  expired = true;
  dropSession(queryClient);
}

/** Forgets the session in the browser (after sign-out, or when the server says it has gone). */
export function dropSession(queryClient: QueryClient): void {
  setCsrfToken(undefined);
  queryClient.setQueryData(SESSION_KEY, null);
  queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== SESSION_KEY[0] });
}

export function useSignIn() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (credentials: { name: string; password: string }) =>
      api<ConsoleSession>('/api/console/session', { method: 'POST', body: credentials, quiet401: true }),
    onSuccess(session) {
      expired = false;
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<void>('/api/console/session', { method: 'DELETE', quiet401: true }),
    onSettled() {
      dropSession(queryClient);
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api<ConsoleSession>('/api/console/session/password', { method: 'POST', body: input }),
    onSuccess(session) {
      setCsrfToken(session.csrfToken);
      queryClient.setQueryData(SESSION_KEY, session);
    },
  });
}

export const ROLE_LABELS: Readonly<Record<ConsoleRole, string>> = {
  viewer: '查看员',
  operator: '操作员',
  admin: '管理员',
};

export const ROLE_DESCRIPTIONS: Readonly<Record<ConsoleRole, string>> = {
  viewer: '查询发票、导出、查看详情',
  operator: '查看员的全部权限，并可发起红冲、处理红字确认单',
  admin: '操作员的全部权限，并可管理用户、应用和渠道，查看审计日志',
};

export function hasScope(session: ConsoleSession | null | undefined, scope: string): boolean {
  return session?.scopes.includes(scope) ?? false;
}
