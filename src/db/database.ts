/**
 * The database as the code sees it: one interface per table. Columns follow
 * the migrations in `migrations/`. NUMERIC and BIGINT columns come back as
 * strings (decided once, in `connect.ts`), so money and ids stay exact.
 */
import type { ColumnType, Generated, Insertable, Kysely, Selectable, Transaction } from 'kysely';

/** A bigint identity: generated on insert, read back as a decimal string. */
type Id = ColumnType<string, never, never>;

export interface AppTable {
  id: Id;
  name: string;
  app_key: string;
  secret_hash: string;
  scopes: string[];
  channels: string[] | null;
  sellers: string[] | null;
  created_at: Generated<Date>;
  revoked_at: Date | null;
}

export interface AccessTokenTable {
  id: Id;
  app_id: string;
  access_hash: string;
  refresh_hash: string;
  created_at: Generated<Date>;
  expires_at: Date;
  revoked_at: Date | null;
}

export interface PushTable {
  id: Id;
  app_id: string;
  channel_code: string;
  serial_no: string | null;
  result: number;
  reject_msg: string | null;
  invoice_count: number;
  request_id: string | null;
  received_at: Date;
  body: string;
  /** The Content-Type header the push came with (null before migration 0008). */
  content_type: string | null;
}

export interface BatchTable {
  channel_code: string;
  serial_no: string;
  result: number;
  reject_msg: string | null;
  first_push_id: string;
  last_push_id: string;
  created_at: Date;
  updated_at: Date;
}

/** The invoice columns that come from the pushed invoice, one per schema field. */
export interface InvoiceFieldColumns {
  invoice_type: number;
  invoice_type_code: string;
  buyer_name: string;
  buyer_tax_no: string | null;
  buyer_bank_account: string | null;
  buyer_address_phone: string | null;
  invoice_total_price_tax: string | null;
  payee: string | null;
  checker: string | null;
  drawer: string | null;
  seller_name: string;
  seller_tax_no: string;
  seller_address_phone: string | null;
  seller_bank_account: string | null;
  invoice_special_mark: string | null;
  invoice_list_mark: string | null;
  system_name: number | null;
  system_id: string | null;
  order_no: string | null;
  invoicing_remark: string | null;
  seller_bank_name: string | null;
  seller_bank_number: string | null;
  seller_address: string | null;
  seller_tel_phone: string | null;
  buyer_bank_name: string | null;
  buyer_bank_number: string | null;
  buyer_address: string | null;
  buyer_tel_phone: string | null;
  originals: number;
  originals_url: string | null;
  preview_url: string | null;
  invoicing_date: Date | null;
  invoicing_status: string;
  original_invoice_number: string | null;
  original_invoice_code: string | null;
  original_serial_no: string | null;
  original_invoicing_status: string | null;
  invoice_code: string;
  invoice_number: string;
  invoice_date: Date;
  invoice_amount: string;
  invoice_tax_rate: string | null;
  invoice_tax_amount: string | null;
  check_code: string | null;
  ext: unknown | null;
}

/** See migrations/0002_query.ts. */
export type RedFlushStatus = 'none' | 'partial' | 'full' | 'voided' | 'linked' | 'unlinked';

export interface InvoiceTable extends InvoiceFieldColumns {
  id: Id;
  channel_code: string;
  serial_no: string | null;
  first_push_id: string;
  last_push_id: string;
  content_hash: string;
  voided_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** Red-flush state, kept by the red-flush recompute in the push transaction (red-flush/red-flush.repository.ts; blue: none/partial/full/voided; red: linked/unlinked). */
  red_flush_status: Generated<RedFlushStatus>;
  /** Blue invoices: the sum of their red invoices' amounts (voided reds excluded); null on red invoices. */
  red_flushed_total: Generated<string | null>;
  /** Red invoices: the blue invoice they were last counted against. */
  red_flush_blue_id: Generated<string | null>;
  /** The codes of the invoice's findings, each once, sorted (kept by the push). */
  finding_codes: Generated<string[]>;
}

/** The detail-row columns that come from the pushed row, one per schema field. */
export interface DetailFieldColumns {
  bill_number: string;
  detail_row_no: string;
  goods_cost: string;
  goods_name: string;
  goods_num: string | null;
  goods_price: string | null;
  goods_price_with_tax: string | null;
  goods_specification: string | null;
  goods_sum: string | null;
  goods_unit: string | null;
  goods_vat: string;
  inv_row_type: number | null;
  prefer_policy_name: string | null;
  prefer_policy_sign: string | null;
  tax_taxonomy_code: string | null;
  tax_rate: string | null;
  zero_tax_sign: string | null;
}

export interface InvoiceDetailTable extends DetailFieldColumns {
  invoice_id: string;
  row_index: number;
}

export type HistoryChange = 'created' | 'updated' | 'voided' | 'unchanged' | 'ignored';

export interface InvoiceHistoryTable {
  id: Id;
  invoice_id: string;
  push_id: string;
  position: number;
  change: HistoryChange;
  invoicing_status: string;
  recorded_at: Date;
}

/** Settings of a channel (a row exists once a setting is made). */
export interface ChannelTable {
  channel_code: string;
  /** Finding codes that refuse a push of this channel. */
  reject_findings: string[];
  updated_at: Generated<Date>;
  /** The adapter that calls the channel (`nuonuo`); null: the channel only pushes (migrations/0004_channel_adapters.ts). */
  adapter: Generated<string | null>;
  endpoint: Generated<string | null>;
  app_key: Generated<string | null>;
  user_tax: Generated<string | null>;
  /** AES-256-GCM envelopes (src/channels/secrets.ts), never clear text. */
  app_secret_encrypted: Generated<string | null>;
  access_token_encrypted: Generated<string | null>;
}

export type FindingScope = 'invoice' | 'red_flush';

export interface InvoiceFindingTable {
  invoice_id: string;
  scope: FindingScope;
  position: number;
  code: string;
  severity: 'warning' | 'error';
  pointer: string;
  message: string;
  figures: Record<string, string>;
}

/** See migrations/0005_red_flush_requests.ts and src/red-flush/request-states.ts. */
export type RedFlushRequestState =
  | 'accepted'
  | 'submitted'
  | 'awaiting_confirmation'
  | 'info_sheet_required'
  | 'issued'
  | 'refused'
  | 'failed'
  | 'cancelled';

/** How the channel is asked: a 红字确认单 (数电), the red invoice directly (tax-control ordinary), a 红字信息表 first (tax-control special). */
export type RedFlushPath = 'confirmation_form' | 'direct' | 'info_sheet';

export type RedFlushEventSource = 'api' | 'job' | 'push' | 'poll' | 'callback' | 'deadline' | 'sync';

/** A red-flush request; its id is the channel's billId. */
export interface RedFlushRequestTable {
  id: string;
  blue_invoice_id: string;
  invoice_code: string;
  invoice_number: string;
  invoice_type_code: string;
  channel_code: string;
  seller_tax_no: string;
  path: RedFlushPath;
  reason: number;
  kind: 'full' | 'partial';
  /** Positive, as a person says them. */
  amount: string;
  tax: string;
  total: string;
  state: RedFlushRequestState;
  order_no: string | null;
  /** The app that asked; null when a console user asked (exactly one of app_id and user_id is set). */
  app_id: string | null;
  /** The console user who asked; null when an app asked. */
  user_id: string | null;
  idempotency_key: string | null;
  body_hash: string;
  request_id: string | null;
  /** The request as received: JSON text in, parsed JSON out. */
  body: ColumnType<unknown, string, string>;
  plx: string | null;
  appid: string | null;
  cpy_type: string | null;
  is_seller: string | null;
  req_memo: string | null;
  invoice_type: string | null;
  invoice_special: string | null;
  red_invoice_id: string | null;
  form_bill_id: string | null;
  form_state: string | null;
  last_answer_code: string | null;
  last_answer_message: string | null;
  last_answer_at: Date | null;
  /** The order number sent to the channel for the red invoice (20 characters; migration 0007). */
  channel_order_no: string | null;
  /** When the channel took the request, or was found to have it. */
  channel_accepted_at: Date | null;
  /** The 红字信息表 number (16 digits) of a tax-control special invoice, given through the API (migration 0013). */
  info_sheet_no: Generated<string | null>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

/** A row of a partial red flush, as the channel needs it: quantity, amount and tax negative, unit price positive. */
export interface RedFlushRequestRowTable {
  request_id: string;
  position: number;
  blue_row_index: number;
  blue_detail_row_no: string;
  goods_name: string;
  goods_code: string | null;
  specification: string | null;
  unit: string | null;
  tax_rate: string;
  quantity: string | null;
  unit_price: string | null;
  amount: string;
  tax: string;
}

export interface RedFlushEventTable {
  id: Id;
  request_id: string;
  at: Generated<Date>;
  from_state: RedFlushRequestState | null;
  to_state: RedFlushRequestState;
  source: RedFlushEventSource;
  detail: ColumnType<Record<string, unknown>, string, string>;
}

/** The adapter's outcomes (channels/adapter.ts), and `pending` while in flight (or when the process died during the call). */
export type ChannelCallOutcome = 'pending' | 'ok' | 'refused' | 'duplicate' | 'unknown' | 'unavailable';

/** A call to a channel, recorded before it is made and completed after (never a secret). */
export interface ChannelCallTable {
  id: Id;
  request_id: string | null;
  channel_code: string;
  method: string;
  started_at: Date;
  duration_ms: number | null;
  outcome: Generated<ChannelCallOutcome>;
  http_status: number | null;
  answer_code: string | null;
  answer_message: string | null;
  request: ColumnType<unknown, string | null, string | null>;
  response: ColumnType<unknown, string | null, string | null>;
  /** The adapter's operation (`applyRedConfirm` …). */
  operation: string | null;
  /** What went wrong on the way (unknown, unavailable). */
  error: string | null;
  /** The channel's id of the call (Nuonuo senid). */
  reference: string | null;
  /** A call about a form without a request (a buyer's form confirmed or rejected; migration 0011). */
  form_id: string | null;
}

/** Where a form came from: fapiao-hub applied for it (a request's form), or the counterparty did. */
export type RedConfirmFormOrigin = 'ours' | 'counterparty';

/** What made fapiao-hub see a form's state (migrations/0011_red_confirm_forms.ts). */
export type RedConfirmFormEventSource = 'api' | 'poll' | 'callback' | 'sync' | 'deadline' | 'push' | 'action';

export type RedConfirmFormAction = 'confirm' | 'reject' | 'revoke' | 'refresh';

/** A 红字确认单 of either side (migrations/0011_red_confirm_forms.ts). */
export interface RedConfirmFormTable {
  id: Id;
  channel_code: string;
  /** The channel's billId (ours: the request id). */
  bill_id: string | null;
  /** The bureau's number (红字确认单编号). */
  bill_no: string | null;
  bill_uuid: string | null;
  origin: RedConfirmFormOrigin;
  entered_by: 'seller' | 'buyer';
  request_id: string | null;
  blue_invoice_id: string | null;
  blue_invoice_code: Generated<string>;
  blue_invoice_number: string | null;
  seller_tax_no: string | null;
  seller_name: string | null;
  buyer_tax_no: string | null;
  buyer_name: string | null;
  /** Positive, as a person says them. */
  amount: string | null;
  tax: string | null;
  total: string | null;
  reason: string | null;
  /** The rows as the channel sent them (adapter `RedRow`s). */
  rows: ColumnType<unknown, string | undefined, string>;
  /** Bureau state as last seen (01-16, or the channel's own code). */
  state: string;
  operation_status: string | null;
  message: string | null;
  /** A counterparty form we confirmed holds `total` against the blue invoice. */
  held: Generated<boolean>;
  entered_at: Date | null;
  /** entered_at + 72 h. */
  deadline_at: Date | null;
  confirmed_at: Date | null;
  red_invoice_id: string | null;
  red_invoice_number: string | null;
  last_seen_at: Generated<Date>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface RedConfirmFormEventTable {
  id: Id;
  form_id: string;
  at: Generated<Date>;
  /** null: the event that recorded the form. */
  from_state: string | null;
  to_state: string;
  source: RedConfirmFormEventSource;
  action: RedConfirmFormAction | null;
  actor_app_id: string | null;
  actor_user_id: string | null;
  detail: ColumnType<Record<string, unknown>, string | undefined, string>;
}

/** A channel's callback as received (stored before it is answered). */
export interface ChannelCallbackTable {
  id: Id;
  channel_code: string;
  received_at: Generated<Date>;
  content_type: string | null;
  body: string;
  body_hash: string;
  operater: string | null;
  state: Generated<'received' | 'processed' | 'unparsable' | 'ignored'>;
  error: string | null;
  form_id: string | null;
  request_id: string | null;
  processed_at: Date | null;
}

/** A person who uses the console (see migrations/0006_console_users.ts). */
export interface ConsoleUserTable {
  id: Id;
  name: string;
  role: 'viewer' | 'operator' | 'admin';
  password_hash: string;
  must_change_password: Generated<boolean>;
  created_at: Generated<Date>;
  password_changed_at: Date | null;
  disabled_at: Date | null;
}

export interface ConsoleSessionTable {
  id: Id;
  token_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  last_seen_at: Generated<Date>;
  idle_seconds: number;
  idle_expires_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  end_reason: string | null;
}

export interface AuditLogTable {
  id: Id;
  at: Generated<Date>;
  actor_type: 'user' | 'app' | 'cli' | 'system';
  actor_id: string | null;
  actor_name: string;
  action: string;
  target: string | null;
  details: Generated<Record<string, unknown>>;
  request_id: string | null;
}

/** A re-check of stored invoices' findings (migrations/0010_finding_rechecks.ts). */
export interface FindingRecheckTable {
  id: Id;
  state: 'queued' | 'running' | 'done' | 'failed';
  /** Invoices dated on or after this instant; null: all. */
  since: Date | null;
  requested_by: string;
  total: number;
  checked: Generated<number>;
  changed: Generated<number>;
  /** bigint: a string. */
  last_invoice_id: Generated<string>;
  step: Generated<number>;
  error: string | null;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
}

export interface Database {
  apps: AppTable;
  access_tokens: AccessTokenTable;
  pushes: PushTable;
  batches: BatchTable;
  invoices: InvoiceTable;
  invoice_details: InvoiceDetailTable;
  invoice_history: InvoiceHistoryTable;
  channels: ChannelTable;
  invoice_findings: InvoiceFindingTable;
  red_flush_requests: RedFlushRequestTable;
  red_flush_request_rows: RedFlushRequestRowTable;
  red_flush_events: RedFlushEventTable;
  channel_calls: ChannelCallTable;
  console_users: ConsoleUserTable;
  console_sessions: ConsoleSessionTable;
  audit_log: AuditLogTable;
  finding_rechecks: FindingRecheckTable;
  red_confirm_forms: RedConfirmFormTable;
  red_confirm_form_events: RedConfirmFormEventTable;
  channel_callbacks: ChannelCallbackTable;
}

/** What repositories take first: the database or an open transaction. */
export type Db = Kysely<Database> | Transaction<Database>;

export type App = Selectable<AppTable>;
export type NewApp = Insertable<AppTable>;
export type Push = Selectable<PushTable>;
export type Invoice = Selectable<InvoiceTable>;
export type InvoiceDetail = Selectable<InvoiceDetailTable>;
export type RedFlushRequest = Selectable<RedFlushRequestTable>;
export type NewRedFlushRequest = Insertable<RedFlushRequestTable>;
export type NewRedFlushRequestRow = Insertable<RedFlushRequestRowTable>;
