/**
 * Findings within a push's transaction: the checks of each pushed invoice
 * (computed before the transaction, see findings.ts), the red-flush checks
 * of every group the push touches (a blue invoice and its red invoices, as
 * stored once the push's invoices are written), the channel's choice of
 * codes that refuse the push, and the stored findings.
 *
 * Two scopes are stored apart: `invoice` findings are stored with a new
 * invoice (push.repository.ts) and replaced with the invoice's content;
 * `red_flush` findings of every red invoice of a group
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
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { INVOICE_TYPE, INVOICING_STATUS } from '../invoice-codes.ts';
import * as repository from './findings.repository.ts';
import { type Finding, type FlushMember, redFlushFindings } from './findings.ts';

type Invoice = Schemas['Invoice'];
type InvoiceKey = repository.InvoiceKey;

/** The group of an invoice: a blue invoice's own identity; a red invoice's blue invoice; none for a red invoice naming none. */
export function groupOf(invoice: Invoice): InvoiceKey | undefined {
  if (invoice.invoiceType !== INVOICE_TYPE.RED) return { code: invoice.invoiceCode, number: invoice.invoiceNumber };
  if (invoice.originalInvoiceNumber === undefined) return undefined;
  return { code: invoice.originalInvoiceCode ?? '', number: invoice.originalInvoiceNumber };
}

/** Call first in the push's transaction, before any row is locked or written. */
export async function lockRedFlushGroups(db: Db, invoices: readonly Invoice[]): Promise<void> {
  await repository.lockGroups(
    db,
    invoices.flatMap((invoice) => {
      const key = groupOf(invoice);
      return key ? [{ key, exclusive: invoice.invoiceType === INVOICE_TYPE.RED }] : [];
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
  /**
   * What the push did to the stored content: created the invoice (its
   * findings were stored with it), replaced the content (its findings are
   * replaced here), or kept it as it was.
   */
  readonly content: 'created' | 'replaced' | 'kept';
}

/** The red-flush groups a push touches, as stored once its invoices are written. */
export interface RedFlushGroups {
  /** True when any of the groups has a red invoice (then its red-flush state must be recomputed). */
  readonly hasRedInvoices: boolean;
  /** The red-flush findings of every red invoice of a group whose blue invoice is stored, by invoice id. */
  readonly findings: ReadonlyMap<string, readonly Finding[]>;
}

const NO_GROUPS: RedFlushGroups = { hasRedInvoices: false, findings: new Map() };

/**
 * Loads the groups of the pushed invoices (one statement) and checks them.
 * Nothing to load when every pushed invoice is new (`allNew`), no stored
 * red invoice names a pushed blue one (`redsStored`, from the push's
 * statement) and no pushed red invoice names a blue one: each invoice is
 * then alone in its group, with the first red-flush state it was stored
 * with, and no red-flush findings.
 */
export async function loadRedFlushGroups(
  db: Db,
  invoices: readonly Invoice[],
  stored: { readonly allNew: boolean; readonly redsStored: boolean },
): Promise<RedFlushGroups> {
  if (stored.allNew && !stored.redsStored && !invoices.some((invoice) => invoice.invoiceType === INVOICE_TYPE.RED && groupOf(invoice))) {
    return NO_GROUPS;
  }
  const rows = await repository.loadGroups(
    db,
    invoices.flatMap((invoice) => groupOf(invoice) ?? []),
  );
  const groups = new Map<string, { blue?: repository.GroupRow; reds: (FlushMember & { id: string })[] }>();
  for (const row of rows) {
    const name = `${row.blue_code}\u0000${row.blue_number}`;
    const group = groups.get(name) ?? { reds: [] };
    groups.set(name, group);
    if (row.role === 'blue') group.blue = row;
    else group.reds.push({ id: row.id, ...member(row) });
  }
  const findings = new Map<string, Finding[]>();
  for (const { blue, reds } of groups.values()) {
    if (!blue) continue;
    for (const [red, found] of redFlushFindings(member(blue), reds)) findings.set(red.id, found);
  }
  return { hasRedInvoices: rows.some((row) => row.role === 'red'), findings };
}

/**
 * Refuses the push if the channel refuses any finding of an invoice it
 * carries (AppError 400 `findings_rejected`; the caller's transaction then
 * stores nothing), and stores the findings that the push changed: the
 * invoice findings of replaced content (created invoices got theirs with
 * them), and the red-flush findings of the groups. Returns the findings
 * that appeared (for metrics).
 */
export async function recordFindings(
  db: Db,
  channelCode: string,
  refusedCodes: ReadonlySet<string>,
  invoices: readonly WrittenInvoice[],
  redFlush: ReadonlyMap<string, readonly Finding[]>,
): Promise<Finding[]> {
  const refused = refusedFindings(refusedCodes, invoices, redFlush);
  if (refused.length > 0) {
    throw new AppError(
      400,
      'findings_rejected',
      `${refused.length === 1 ? 'a finding' : `${refused.length} findings`} that channel ${channelCode} refuses; nothing was stored`,
      refused,
    );
  }
  const appeared = invoices.filter((written) => written.content === 'created').flatMap((written) => written.findings);
  const replaced = invoices.filter((written) => written.content === 'replaced');
  appeared.push(
    ...(await repository.replaceFindings(
      db,
      'invoice',
      replaced.map((written) => ({ invoiceId: written.id, findings: written.findings })),
    )),
  );
  // A red invoice re-pushed outside any group (or turned blue) loses its red-flush findings.
  const redFlushIds = new Set([...replaced.map((written) => written.id), ...redFlush.keys()]);
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

function member(row: repository.GroupRow): FlushMember {
  return {
    invoiceCode: row.invoice_code,
    invoiceNumber: row.invoice_number,
    invoiceDate: row.invoice_date.getTime(),
    voided: row.invoicing_status === INVOICING_STATUS.VOIDED,
    buyerName: row.buyer_name,
    buyerTaxNo: row.buyer_tax_no,
    sellerTaxNo: row.seller_tax_no,
    invoiceAmount: row.invoice_amount,
    invoiceTaxAmount: row.invoice_tax_amount,
    invoiceTotalPriceTax: row.invoice_total_price_tax,
  };
}

/** Every finding of the push's invoices whose code the channel refuses, as errors pointing into the push. */
function refusedFindings(
  refusedCodes: ReadonlySet<string>,
  invoices: readonly WrittenInvoice[],
  redFlush: ReadonlyMap<string, readonly Finding[]>,
): { pointer: string; message: string; finding: Finding['code']; rule: string }[] {
  if (refusedCodes.size === 0) return [];
  return [...invoices]
    .sort((a, b) => a.position - b.position)
    .flatMap((written) =>
      [...written.findings, ...(redFlush.get(written.id) ?? [])]
        .filter((finding) => refusedCodes.has(finding.code))
        .map((finding) => ({
          pointer: `/data/${written.position}${finding.pointer}`,
          message: `${finding.message} (${finding.code})`,
          finding: finding.code,
          rule: `finding:${finding.code}`,
        })),
    );
}
