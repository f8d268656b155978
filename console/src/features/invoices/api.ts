/**
 * The invoice pages' calls to the query API (`/api/openapi/v2/invoices…`),
 * the same routes the apps use. Filters are the API's own parameters, kept
 * in the page's URL under the same names.
 */
import { useQuery } from '@tanstack/react-query';
import { api, queryString } from '../../lib/api.ts';
import { useKeysetList } from '../../lib/keyset.ts';
import type { InvoiceRecord, InvoiceView } from '../../lib/schemas.ts';

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

export function useInvoiceList(filters: Filters) {
  return useKeysetList<InvoiceRecord>(['invoices'], '/api/openapi/v2/invoices', filters);
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
