/**
 * The 红字确认单 pages' calls (`/api/openapi/v2/red-confirm-forms…`): the
 * list, one form with its rows, events and calls, and the actions its
 * `actions` allow (the session's CSRF token goes with each).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { useKeysetList } from '../../lib/keyset.ts';
import type { RedConfirmForm, RedConfirmFormAction, RedConfirmFormDetail } from '../../lib/schemas.ts';

const BASE = '/api/openapi/v2/red-confirm-forms';

/** The filters of `/red-confirm-forms` (the list API's own parameters). */
export const FORM_FILTERS = ['state', 'origin', 'enteredBy', 'sellerTaxNo', 'channelCode', 'redFlushId'] as const;
export type FormFilters = Partial<Record<(typeof FORM_FILTERS)[number], string>>;

export function useFormList(filters: FormFilters) {
  return useKeysetList<RedConfirmForm>(['red-confirm-forms'], BASE, filters);
}

/** How often a form with an operation under way is asked again (the channel answers by itself). */
const BUSY_REFRESH_MS = 5000;

export function useForm(id: string | undefined) {
  return useQuery({
    queryKey: ['red-confirm-form', id],
    queryFn: () => api<RedConfirmFormDetail>(`${BASE}/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
    refetchInterval: (query) =>
      query.state.data?.operationStatus === '01' || query.state.data?.operationStatus === '03' ? BUSY_REFRESH_MS : false,
  });
}

export function useFormAction() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, action, reason }: { id: string; action: RedConfirmFormAction; reason?: string }) =>
      api<RedConfirmFormDetail>(`${BASE}/${encodeURIComponent(id)}/${action}`, {
        method: 'POST',
        body: action === 'reject' ? { reason } : {},
      }),
    onSuccess(form) {
      queryClient.setQueryData(['red-confirm-form', form.id], form);
    },
    onSettled() {
      void queryClient.invalidateQueries({ queryKey: ['red-confirm-forms'] });
      void queryClient.invalidateQueries({ queryKey: ['red-confirm-form'] });
      void queryClient.invalidateQueries({ queryKey: ['red-flushes'] });
      void queryClient.invalidateQueries({ queryKey: ['invoice'] });
    },
  });
}

/** Admins: ask the channels now for the forms entered against our invoices (the periodic sync, once more). */
export function useSyncForms() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => api<{ queued: boolean }>('/api/console/admin/red-confirm-forms/syncs', { method: 'POST', body: {} }),
    onSettled() {
      void queryClient.invalidateQueries({ queryKey: ['red-confirm-forms'] });
    },
  });
}
