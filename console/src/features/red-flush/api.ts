/**
 * The red-flush pages' calls: the invoice list API for the blue invoices
 * that can be red-flushed, the preview (the server computes every amount),
 * the batch (seed 000's envelope), and the request read API. The same
 * routes the apps use, with the session.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, envelopeApi } from '../../lib/api.ts';
import { useKeysetList } from '../../lib/keyset.ts';
import type {
  InvoiceRecord,
  InvoiceView,
  RedConfirmForm,
  RedFlushBatchAnswer,
  RedFlushPreview,
  RedFlushRecord,
  RedFlushRequestBody,
  RedFlushView,
} from '../../lib/schemas.ts';
import { FINAL_STATES } from './labels.ts';

/** Filters of the 发票红冲 list kept in the URL: the invoice list's own parameters. */
export const CANDIDATE_FILTERS = [
  'invoiceDateFrom',
  'invoiceDateTo',
  'invoiceNumber',
  'sellerTaxNo',
  'buyerName',
  'invoiceTypeCode',
  'channelCode',
  'redFlushStatus',
] as const;
export type CandidateFilters = Partial<Record<(typeof CANDIDATE_FILTERS)[number], string>>;

/** The filters of `/red-flush-requests` (the list API's own parameters). */
export const REQUEST_FILTERS = ['state', 'channelCode', 'sellerTaxNo', 'invoiceNumber', 'createdFrom', 'createdTo'] as const;
export type RequestFilters = Partial<Record<(typeof REQUEST_FILTERS)[number], string>>;

/** Blue invoices, not voided, nothing or part red-flushed (seed 002: 发票状态=正常、部分红冲). */
export function useCandidates(filters: CandidateFilters) {
  const query = { redFlushStatus: 'none,partial', ...filters, invoiceType: 0, invoicingStatus: '00' };
  return useKeysetList<InvoiceRecord>(['invoices', 'red-flush-candidates'], '/api/openapi/v2/invoices', query);
}

/** An invoice with its rows (for a partial red flush). */
export function useInvoiceView(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['invoice', id],
    queryFn: () => api<InvoiceView>(`/api/openapi/v2/invoices/${encodeURIComponent(id)}`),
    enabled,
  });
}

/**
 * What a request would be, as the server decides it (nothing is stored).
 * While a new body is asked about, the last figures stay (under a
 * spinner); with no body (the inputs incomplete or wrong) there are none.
 */
export function usePreview(body: RedFlushRequestBody | undefined) {
  return useQuery({
    queryKey: ['red-flush-preview', body],
    queryFn: async () => (await envelopeApi<RedFlushPreview>('/api/openapi/v2/red-flushes/preview', { method: 'POST', body })).data,
    enabled: body !== undefined,
    staleTime: 0,
    gcTime: 0,
    retry: false,
    placeholderData: (previous) => (body === undefined ? undefined : previous),
  });
}

export type BatchResult = RedFlushBatchAnswer['data'];

/** The batch of 1 to 10; the Idempotency-Key makes a retry of the same submission safe. */
export function useSubmitBatch() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async ({ items, idempotencyKey }: { items: RedFlushRequestBody[]; idempotencyKey: string }) =>
      (await envelopeApi<BatchResult>('/api/openapi/v2/invoicing/redPunchBatch', { method: 'POST', body: { items }, idempotencyKey })).data,
    onSettled() {
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      void queryClient.invalidateQueries({ queryKey: ['invoice'] });
      void queryClient.invalidateQueries({ queryKey: ['red-flushes'] });
    },
  });
}

export function useRedFlushList(filters: RequestFilters) {
  return useKeysetList<RedFlushRecord>(['red-flushes'], '/api/openapi/v2/red-flushes', filters);
}

/**
 * The request's 红字确认单 in fapiao-hub (its page is /red-confirm-forms/:id),
 * once the channel made one. It follows the request: asked again whenever
 * the request's state or the form's state as the request saw it changes,
 * and with the request's page while the request is open (a form first
 * recorded after the page opened becomes a link without a reload).
 */
export function useFormOfRequest(view: RedFlushView) {
  const { request, form } = view;
  const open = !FINAL_STATES.includes(request.state);
  return useQuery({
    queryKey: ['red-confirm-forms', 'of-request', request.id, request.state, form?.state ?? null],
    queryFn: async () =>
      (await api<{ items: RedConfirmForm[] }>('/api/openapi/v2/red-confirm-forms', { query: { redFlushId: request.id, limit: 1 } }))
        .items[0] ?? null,
    enabled: form !== null,
    refetchInterval: open ? OPEN_REFRESH_MS : false,
    placeholderData: keepPreviousData,
  });
}

/** How often an open request's page asks again (the channel moves it on by itself). */
const OPEN_REFRESH_MS = 5000;

export function useRedFlush(id: string | undefined) {
  return useQuery({
    queryKey: ['red-flushes', 'one', id],
    queryFn: () => api<RedFlushView>(`/api/openapi/v2/red-flushes/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
    refetchInterval: (query) => (query.state.data && !FINAL_STATES.includes(query.state.data.request.state) ? OPEN_REFRESH_MS : false),
  });
}

/**
 * Gives a 税控专用发票's request the 红字信息表 number it waits for
 * (`POST …/red-flushes/{id}/info-sheet`): the answer is the request as it
 * now is, shown at once; the invoice's figures and the lists follow.
 */
export function useGiveInfoSheet(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (infoSheetNo: string) =>
      api<RedFlushView>(`/api/openapi/v2/red-flushes/${encodeURIComponent(id)}/info-sheet`, { method: 'POST', body: { infoSheetNo } }),
    onSuccess(view) {
      queryClient.setQueryData(['red-flushes', 'one', id], view);
    },
    onSettled() {
      void queryClient.invalidateQueries({ queryKey: ['red-flushes'] });
      void queryClient.invalidateQueries({ queryKey: ['invoices'] });
      void queryClient.invalidateQueries({ queryKey: ['invoice'] });
    },
  });
}

/** A new Idempotency-Key (random, 128 bits): getRandomValues works on any origin, randomUUID only on secure ones. */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}
