/**
 * The invoice pages' calls to the query API (`/api/openapi/v2/invoices…`),
 * the same routes the apps use. Filters are the API's own parameters, kept
 * in the page's URL under the same names.
 */
import { keepPreviousData, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { api, queryString } from '../../lib/api.ts';
import type { InvoicePage, InvoiceView } from '../../lib/schemas.ts';

export const FILTER_NAMES = [
  'invoiceDateFrom',
  'invoiceDateTo',
  'invoiceNumber',
  'sellerTaxNo',
  'buyerName',
  'buyerTaxNo',
  'invoiceCode',
  'invoiceTypeCode',
  'invoiceType',
  'invoicingStatus',
  'redFlushStatus',
  'hasFindings',
  'findingCode',
  'channelCode',
  'serialNo',
  'orderNo',
] as const;

export type FilterName = (typeof FILTER_NAMES)[number];
export type Filters = Partial<Record<FilterName, string>>;

/** The filters in a URL's query (unknown names and empty values left out). */
export function filtersOf(params: URLSearchParams): Filters {
  const filters: Filters = {};
  for (const name of FILTER_NAMES) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

const PAGE_SIZE = 50;

export function useInvoiceList(filters: Filters) {
  return useInfiniteQuery({
    queryKey: ['invoices', filters],
    queryFn: ({ pageParam }) =>
      api<InvoicePage>('/api/openapi/v2/invoices', { query: { ...filters, limit: PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** The CSV export of the same filters: a plain link (the session cookie goes with it). */
export function exportUrl(filters: Filters): string {
  return `/api/openapi/v2/invoices/export.csv${queryString(filters)}`;
}

export function useInvoice(id: string | undefined) {
  return useQuery({
    queryKey: ['invoice', id],
    queryFn: () => api<InvoiceView>(`/api/openapi/v2/invoices/${encodeURIComponent(id ?? '')}`),
    enabled: id !== undefined,
  });
}
