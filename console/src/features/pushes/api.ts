/**
 * The push pages' calls: the push list and one push with its body
 * (`/api/openapi/v2/invoicing/pushes…`), the batch list and one batch
 * (`…/batch-list`, `…/batches`). The same routes the apps use.
 */
import { useQuery } from '@tanstack/react-query';
import { api } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import { useKeysetList } from '../../lib/keyset.ts';
import type { Batch, BatchSummary, PushRecord, PushView } from '../../lib/schemas.ts';

/** The filters of `/pushes` (the push list's own parameters). */
export const PUSH_FILTERS = ['channelCode', 'serialNo', 'result', 'outcome', 'receivedFrom', 'receivedTo'] as const;
export type PushFilters = Partial<Record<(typeof PUSH_FILTERS)[number], string>>;

export function usePushList(filters: PushFilters) {
  return useKeysetList<PushRecord>(['pushes'], '/api/openapi/v2/invoicing/pushes', filters);
}

/** Today's (Beijing) batches that were rejected or are still in progress: what support looks at first. */
export function useOpenBatchesToday() {
  return useKeysetList<BatchSummary>(['batches', 'open-today'], '/api/openapi/v2/invoicing/batch-list', {
    result: '1,2',
    updatedFrom: formatDate(Date.now()),
  });
}

export function usePush(id: string | undefined) {
  return useQuery({
    queryKey: ['push', id],
    queryFn: () => api<PushView>(`/api/openapi/v2/invoicing/pushes/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
}

/** The body alone, byte for byte: a plain link (the session cookie goes with it). */
export function pushBodyUrl(id: string): string {
  return `/api/openapi/v2/invoicing/pushes/${encodeURIComponent(id)}/body`;
}

export function useBatch(channelCode: string | null, serialNo: string | null) {
  return useQuery({
    queryKey: ['batch', channelCode, serialNo],
    queryFn: () => api<Batch>('/api/openapi/v2/invoicing/batches', { query: { channelCode, serialNo } }),
    enabled: Boolean(channelCode && serialNo),
  });
}
