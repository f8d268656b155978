/** Small pieces the invoice pages share: table cells, status tags, findings (amounts: components/Money.tsx). */
import { Flex, Space, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import type { FindingCode, InvoiceRecord } from '../../lib/schemas.ts';
import {
  FINDINGS,
  INVOICE_TYPE_CODES,
  INVOICE_TYPE_SHORT,
  INVOICING_STATUSES,
  label,
  RED_FLUSH_STATUSES,
  WARNING_FINDINGS,
} from './labels.ts';

/** An invoice's number, a link to its page, over its code (数电 invoices have none). */
export function InvoiceNumberCell({ invoice }: { invoice: Pick<InvoiceRecord, 'id' | 'invoiceNumber' | 'invoiceCode'> }) {
  return (
    <Flex vertical>
      <Link to={`/invoices/${invoice.id}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {invoice.invoiceNumber}
      </Link>
      {invoice.invoiceCode && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          代码 {invoice.invoiceCode}
        </Typography.Text>
      )}
    </Flex>
  );
}

/** The kind of invoice in short (专票, 普票, …), its full name on hover. */
export function InvoiceKindCell({ code }: { code: string }) {
  return (
    <Tooltip title={label(INVOICE_TYPE_CODES, code)}>
      <span>{label(INVOICE_TYPE_SHORT, code)}</span>
    </Tooltip>
  );
}

export function StatusTags({ invoice }: { invoice: Pick<InvoiceRecord, 'invoiceType' | 'invoicingStatus'> }) {
  return (
    <Space size={4} wrap={false}>
      <Tag color={invoice.invoiceType === 1 ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>
        {invoice.invoiceType === 1 ? '红票' : '蓝票'}
      </Tag>
      <Tag color={invoice.invoicingStatus === '03' ? 'default' : 'green'} style={{ marginInlineEnd: 0 }}>
        {label(INVOICING_STATUSES, invoice.invoicingStatus)}
      </Tag>
    </Space>
  );
}

export function RedFlushTag({ status }: { status: string }) {
  const known = RED_FLUSH_STATUSES[status];
  return (
    <Tag color={known?.color ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {known?.label ?? status}
    </Tag>
  );
}

/** "2 项" (red with an error, orange with warnings only) with the checks named on hover; "通过" when none failed. */
export function FindingsTag({ codes }: { codes: readonly FindingCode[] }) {
  if (codes.length === 0) return <Typography.Text type="secondary">通过</Typography.Text>;
  const onlyWarnings = codes.every((code) => WARNING_FINDINGS.has(code));
  return (
    <Tooltip title={codes.map((code) => `${FINDINGS[code] ?? code}（${code}）`).join('；')}>
      <Tag color={onlyWarnings ? 'orange' : 'red'} style={{ marginInlineEnd: 0, cursor: 'help' }}>
        {codes.length} 项
      </Tag>
    </Tooltip>
  );
}
