/**
 * Findings within a push's transaction: the channel's choice of codes that
 * refuse the push, and the stored findings. The findings themselves come
 * from the checks of each pushed invoice (computed before the transaction,
 * see findings.ts) and from the red-flush checks of every group the push
 * touches (red-flush/red-flush.service.ts, on the groups as stored once the
 * push's invoices are written, under the groups' locks).
 *
 * Two scopes are stored apart: `invoice` findings are stored with a new
 * invoice (push.repository.ts) and replaced with the invoice's content;
 * `red_flush` findings of every red invoice of a group
 * are replaced whenever a push carries the group's blue invoice or one of
 * its red invoices, so they hold whichever arrives first.
 */
import type { Schemas } from '../api/spec.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import * as repository from './findings.repository.ts';
import type { Finding } from './findings.ts';

type Invoice = Schemas['Invoice'];

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
