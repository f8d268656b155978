/** The admin API (/api/console/admin): users, the audit log, apps and channels. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useKeysetList } from '../../lib/keyset.ts';
import type {
  AuditEntry,
  ConsoleApp,
  ConsoleAppCredentials,
  ConsoleChannel,
  ConsoleChannelPatch,
  ConsoleNewApp,
  ConsoleRole,
  ConsoleUser,
  UserWithPassword,
} from '../../lib/schemas.ts';

const USERS_KEY = ['admin', 'users'] as const;

export function useUsers() {
  return useQuery({
    queryKey: USERS_KEY,
    queryFn: async () => (await api<{ items: ConsoleUser[] }>('/api/console/admin/users')).items,
  });
}

function useUserChange<Input, Output>(call: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: USERS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
    },
  });
}

export function useCreateUser() {
  return useUserChange((input: { name: string; role: ConsoleRole }) =>
    api<UserWithPassword>('/api/console/admin/users', { method: 'POST', body: input }),
  );
}

export function useSetRole() {
  return useUserChange(({ id, role }: { id: string; role: ConsoleRole }) =>
    api<ConsoleUser>(`/api/console/admin/users/${id}`, { method: 'PATCH', body: { role } }),
  );
}

export function useSetDisabled() {
  return useUserChange(({ id, disabled }: { id: string; disabled: boolean }) =>
    api<ConsoleUser>(`/api/console/admin/users/${id}/${disabled ? 'disable' : 'enable'}`, { method: 'POST' }),
  );
}

export function useResetPassword() {
  return useUserChange((id: string) => api<UserWithPassword>(`/api/console/admin/users/${id}/reset-password`, { method: 'POST' }));
}

export const AUDIT_FILTERS = ['action', 'actorName', 'target', 'from', 'to'] as const;
export type AuditFilters = Partial<Record<(typeof AUDIT_FILTERS)[number], string>>;

export function useAuditLog(filters: AuditFilters) {
  return useKeysetList<AuditEntry>(['admin', 'audit'], '/api/console/admin/audit', filters);
}

const APPS_KEY = ['admin', 'apps'] as const;
const CHANNELS_KEY = ['admin', 'channels'] as const;

export function useApps() {
  return useQuery({
    queryKey: APPS_KEY,
    queryFn: async () => (await api<{ items: ConsoleApp[] }>('/api/console/admin/apps')).items,
  });
}

export function useChannels() {
  return useQuery({
    queryKey: CHANNELS_KEY,
    queryFn: async () => (await api<{ items: ConsoleChannel[] }>('/api/console/admin/channels')).items,
  });
}

function useAdminChange<Input, Output>(key: readonly string[], call: (input: Input) => Promise<Output>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: key });
      void queryClient.invalidateQueries({ queryKey: ['admin', 'audit'] });
    },
  });
}

export function useCreateApp() {
  return useAdminChange(APPS_KEY, (input: ConsoleNewApp) =>
    api<ConsoleAppCredentials>('/api/console/admin/apps', { method: 'POST', body: input }),
  );
}

export function useRevokeApp() {
  return useAdminChange(APPS_KEY, (name: string) =>
    api<ConsoleApp>(`/api/console/admin/apps/${encodeURIComponent(name)}/revoke`, { method: 'POST' }),
  );
}

export function useRotateApp() {
  return useAdminChange(APPS_KEY, (name: string) =>
    api<ConsoleAppCredentials>(`/api/console/admin/apps/${encodeURIComponent(name)}/rotate`, { method: 'POST' }),
  );
}

export function useSetChannel() {
  return useAdminChange(CHANNELS_KEY, ({ channelCode, changes }: { channelCode: string; changes: ConsoleChannelPatch }) =>
    api<ConsoleChannel>(`/api/console/admin/channels/${encodeURIComponent(channelCode)}`, { method: 'PATCH', body: changes }),
  );
}
