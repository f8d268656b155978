/**
 * The states of a 红字确认单 (red confirmation form) as fapiao-hub shows
 * them, and what each allows (issue 12, FORMS-API.md):
 *
 *   01 无需确认                  the red invoice may be issued
 *   02 销方录入待购方确认          we entered it; the buyer must confirm within 72 h (revoke: ours)
 *   03 购方录入待销方确认          the buyer entered it; we confirm or reject within 72 h
 *   04 购销双方已确认             the red invoice may be issued (a counterparty form then holds its total)
 *   05–10 作废 (11–13 a channel's own)  final
 *   15 申请中 (Nuonuo)            the bureau decides
 *   16 申请失败 (Nuonuo)          final
 *
 * A form whose red invoice was issued is final too. A form still 02/03
 * after its deadline is expired: shown, and recorded, as 07.
 */
/**
 * Bureau states of a 红字确认单 as the channels report them (issue 12), in
 * Chinese as the bureau names them; the console shows the same list. A red
 * invoice may be issued only in 01 or 04. 15 and 16 are Nuonuo's own. Some
 * channels also send 11–13 (their labels are the channel's: kept as
 * `RedConfirmForm.state` with no label here).
 */
export const RED_CONFIRM_STATES: Readonly<Record<string, string>> = {
  '01': '无需确认',
  '02': '销方录入待购方确认',
  '03': '购方录入待销方确认',
  '04': '购销双方已确认',
  '05': '作废（销方录入购方否认）',
  '06': '作废（购方录入销方否认）',
  '07': '作废（超72小时未确认）',
  '08': '作废（发起方已撤销）',
  '09': '作废（确认后撤销）',
  '10': '作废（异常凭证）',
  '15': '申请中',
  '16': '申请失败',
};

export type FormAction = 'confirm' | 'reject' | 'revoke' | 'refresh';

/** The states in which a form waits for a side's confirmation (and can expire). */
export const WAITING_STATES: readonly string[] = ['02', '03'];

/** The bureau's final states: nothing more happens to the form. */
const FINAL_STATES = new Set(['05', '06', '07', '08', '09', '10', '11', '12', '13', '16']);

/** The expired state (作废（超72小时未确认）). */
export const EXPIRED = '07';

/** Nuonuo's 申请中: the bureau has not decided yet. */
export const APPLYING = '15';

/** 购方录入待销方确认: a buyer's form waiting for the seller (us) to confirm or reject it. */
export const BUYER_ENTERED = '03';

export function isFinalState(state: string): boolean {
  return FINAL_STATES.has(state);
}

export function isWaiting(state: string): boolean {
  return WAITING_STATES.includes(state);
}

/** What the record of a form holds, for deciding which of the channel's words can still move it. */
export interface KeptFacts {
  readonly state: string;
  /** Its red invoice is known (its number or the stored invoice). */
  readonly issued: boolean;
}

/**
 * The state a form is recorded in once the channel reports `word` (or the
 * deadline expires it): a final state is never left; a form confirmed
 * (01, 04) or whose red invoice is known never goes back to waiting or
 * applying (02, 03, 15), which only a word that was under way before can
 * say; the deadline expires only a form still waiting.
 */
export function keptState(stored: KeptFacts, word: string, byDeadline = false): string {
  if (FINAL_STATES.has(stored.state)) return stored.state;
  if (byDeadline && !isWaiting(stored.state)) return stored.state;
  const back = isWaiting(word) || word === APPLYING;
  if (back && (stored.issued || stored.state === '01' || stored.state === '04')) return stored.state;
  return word;
}

/** The Chinese label of a state, or the code when the channel sent one we do not know. */
export function stateLabel(state: string): string {
  return RED_CONFIRM_STATES[state] ?? state;
}

/** `「04 购销双方已确认」` as the 409 messages quote a state. */
export function quotedState(state: string): string {
  const label = stateLabel(state);
  return label === state ? `「${state}」` : `「${state} ${label}」`;
}

/** What a form is, as far as its rules go. */
export interface FormFacts {
  readonly state: string;
  readonly enteredBy: 'seller' | 'buyer';
  readonly origin: 'ours' | 'counterparty';
  readonly redInvoiceIssued: boolean;
  readonly deadlineAt: Date | null;
  /** The channel's operation under way or failed (Nuonuo requestStatus), null when none. */
  readonly operationStatus: string | null;
}

/** Nuonuo's requestStatus of an operation the channel took and has not decided: 01 撤销中, 03 确认中. */
const UNDER_WAY: Readonly<Record<string, string>> = { '01': '撤销中', '03': '确认中' };

/** The state as shown: a form still waiting after its deadline is 07 (not one whose red invoice was issued: it was confirmed). */
export function shownState(form: FormFacts, now = Date.now()): string {
  const expired = isWaiting(form.state) && !form.redInvoiceIssued && form.deadlineAt !== null && form.deadlineAt.getTime() <= now;
  return expired ? EXPIRED : form.state;
}

/** Nothing more will happen to it: a final state, or its red invoice issued. */
export function isFinalForm(form: FormFacts, now = Date.now()): boolean {
  return form.redInvoiceIssued || isFinalState(shownState(form, now));
}

/**
 * Why an action is not allowed in the form's state (Chinese), or null when
 * it is: confirm/reject only a buyer's form in 03; revoke only a form we
 * entered, in 02, or 01/04 before its red invoice (the channel decides
 * then); refresh any form not final. None but refresh while the channel
 * says a confirm or revoke it took is under way (确认中, 撤销中): that one
 * may yet be done, and sending another would be the same action twice.
 */
export function refusalOf(action: FormAction, form: FormFacts, now = Date.now()): string | null {
  const state = shownState(form, now);
  const verb = { confirm: '确认', reject: '拒绝', revoke: '撤销', refresh: '刷新' }[action];
  const inState = `红字确认单状态为${quotedState(state)}`;
  if (isFinalForm(form, now)) {
    return form.redInvoiceIssued && !isFinalState(state) ? `${inState}，已开具红字发票，不能${verb}` : `${inState}，不能${verb}`;
  }
  const underWay = form.operationStatus === null ? undefined : UNDER_WAY[form.operationStatus];
  if (underWay !== undefined && action !== 'refresh') return `${inState}，渠道正在${underWay}，不能${verb}`;
  switch (action) {
    case 'confirm':
    case 'reject':
      if (form.enteredBy !== 'buyer') return `${inState}，是销方录入的红字确认单，只能由购方${verb}`;
      return state === '03' ? null : `${inState}，不能${verb}`;
    case 'revoke':
      if (form.enteredBy !== 'seller') return `${inState}，是购方录入的红字确认单，只能由购方撤销`;
      return ['01', '02', '04'].includes(state) ? null : `${inState}，不能${verb}`;
    case 'refresh':
      return null;
  }
}

/** The actions a caller may take now: none without the `redflush` scope. */
export function actionsOf(form: FormFacts, mayAct: boolean, now = Date.now()): FormAction[] {
  if (!mayAct) return [];
  return (['confirm', 'reject', 'revoke', 'refresh'] as const).filter((action) => refusalOf(action, form, now) === null);
}
