/**
 * Findings within a push's transaction: the checks of each pushed invoice
 * (computed before the transaction, see findings.ts), the red-flush checks
 * of every group the push touches (a blue invoice and its red invoices, as
 * stored once the push's invoices are written), the channel's choice of
 * codes that refuse the push, and the stored findings.
 *
 * Two scopes are stored apart: `invoice` findings are replaced with the
 * invoice's content; `red_flush` findings of every red invoice of a group
 * are replaced whenever a push carries the group's blue invoice or one of
 * its red invoices, so they hold whichever arrives first.
 *
 * Two pushes touching the same group (its blue invoice, or red invoices of
 * it) run one after the other from their start (`lockRedFlushGroups`), so
 * the second checks what the first committed, and neither holds a row the
 * other waits for (the red-flush refresh's own locks, taken after the
 * writes, would otherwise deadlock with row locks: found by the
 * concurrency property test on Postgres).
 */
import type { Schemas } from '../api/spec.ts';
import { rejectedCodes } from '../channels/channels.service.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../http/errors.ts';
import * as repository from './findings.repository.ts';
import { type Finding, type FlushMember, redFlushFindings } from './findings.ts';

type Invoice = Schemas['Invoice'];
type InvoiceKey = repository.InvoiceKey;

const RED = 1;
const VOIDED = '03';

/** The group of an invoice: a blue invoice's own identity; a red invoice's blue invoice; none for a red invoice naming none. */
export function groupOf(invoice: Invoice): InvoiceKey | undefined {
  if (invoice.invoiceType !== RED) return { code: invoice.invoiceCode, number: invoice.invoiceNumber };
  if (invoice.originalInvoiceNumber === undefined) return undefined;
  return { code: invoice.originalInvoiceCode ?? '', number: invoice.originalInvoiceNumber };
}

/** Call first in the push's transaction, before any row is locked or written. */
export async function lockRedFlushGroups(db: Db, invoices: readonly Invoice[]): Promise<void> {
  await repository.lockGroups(
    db,
    invoices.flatMap((invoice) => {
      const key = groupOf(invoice);
      return key ? [{ key, exclusive: invoice.invoiceType === RED }] : [];
    }),
  );
}

/** An invoice of the push once written. */
export interface WrittenInvoice {
  readonly id: string;
  /** Index in the push's `data`. */
  readonly position: number;
  /** As pushed (normalised). */
  readonly invoice: Invoice;
  /** The findings of the invoice as pushed (`invoiceFindings`). */
  readonly findings: readonly Finding[];
  /** True when the push stored the invoice's content (created, updated or voided it). */
  readonly contentStored: boolean;
}

/**
 * Checks the red-flush groups the push touches, refuses the push if the
 * channel refuses any finding of an invoice it carries (AppError 400
 * `findings_rejected`, before anything is written here; the caller's
 * transaction then stores nothing), and stores the findings. Returns the
 * findings that appeared (for metrics).
 */
export async function recordFindings(db: Db, channelCode: string, invoices: readonly WrittenInvoice[]): Promise<Finding[]> {
  const redFlush = await checkRedFlushGroups(
    db,
    invoices.flatMap((written) => groupOf(written.invoice) ?? []),
  );
  const refused = await refusedFindings(db, channelCode, invoices, redFlush);
  if (refused.length > 0) {
    throw new AppError(
      400,
      'findings_rejected',
      `${refused.length === 1 ? 'a finding' : `${refused.length} findings`} that channel ${channelCode} refuses; nothing was stored`,
      refused,
    );
  }
  const stored = invoices.filter((written) => written.contentStored);
  const appeared = await repository.replaceFindings(
    db,
    'invoice',
    stored.map((written) => ({ invoiceId: written.id, findings: written.findings })),
  );
  // A red invoice re-pushed outside any group (or turned blue) loses its red-flush findings.
  const redFlushIds = new Set([...stored.map((written) => written.id), ...redFlush.keys()]);
  appeared.push(
    ...(await repository.replaceFindings(
      db,
      'red_flush',
      [...redFlushIds].map((invoiceId) => ({ invoiceId, findings: redFlush.get(invoiceId) ?? [] })),
    )),
  );
  await repository.refreshFindingCodes(db, [...redFlushIds]);
  return appeared;
}

/** The red-flush findings of every red invoice of the given groups whose blue invoice is stored, by invoice id. */
async function checkRedFlushGroups(db: Db, keys: readonly InvoiceKey[]): Promise<Map<string, Finding[]>> {
  const rows = await repository.loadGroups(db, keys);
  const groups = new Map<string, { blue?: repository.GroupRow; reds: (FlushMember & { id: string })[] }>();
  for (const row of rows) {
    const name = `${row.blue_code}\u0000${row.blue_number}`;
    const group = groups.get(name) ?? { reds: [] };
    groups.set(name, group);
    if (row.role === 'blue') group.blue = row;
    else group.reds.push({ id: row.id, ...member(row) });
  }
  const out = new Map<string, Finding[]>();
  for (const { blue, reds } of groups.values()) {
    if (!blue) continue;
    for (const [red, findings] of redFlushFindings(member(blue), reds)) out.set(red.id, findings);
  }
  return out;
}

function member(row: repository.GroupRow): FlushMember {
  return {
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    invoiceDate: row.invoice_date.getTime(),
    voided: row.invoicing_status === VOIDED,
    buyerName: row.buyer_name,
    buyerTaxNo: row.buyer_tax_no,
    sellerTaxNo: row.seller_tax_no,
    invoiceAmount: row.invoice_amount,
    invoiceTaxAmount: row.invoice_tax_amount,
    invoiceTotalPriceTax: row.invoice_total_price_tax,
  };
}

/** Every finding of the push's invoices whose code the channel refuses, as errors pointing into the push. */
async function refusedFindings(
  db: Db,
  channelCode: string,
  invoices: readonly WrittenInvoice[],
  redFlush: ReadonlyMap<string, readonly Finding[]>,
): Promise<{ pointer: string; message: string; finding: Finding['code']; rule: string }[]> {
  const refused = await rejectedCodes(db, channelCode);
  if (refused.size === 0) return [];
  return [...invoices]
    .sort((a, b) => a.position - b.position)
    .flatMap((written) =>
      [...written.findings, ...(redFlush.get(written.id) ?? [])]
        .filter((finding) => refused.has(finding.code))
        .map((finding) => ({
          pointer: `/data/${written.position}${finding.pointer}`,
          message: `${finding.message} (${finding.code})`,
          finding: finding.code,
          rule: `finding:${finding.code}`,
        })),
    );
}
