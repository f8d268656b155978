/**
 * The API's shapes, from the types generated out of openapi.yaml (the same
 * document the server validates with): the console reads what the API says.
 */
import type { components } from '../../../src/generated/openapi.ts';

type Schemas = components['schemas'];

export type InvoiceRecord = Schemas['InvoiceRecord'];
export type InvoiceView = Schemas['InvoiceView'];
export type InvoiceDetailRecord = Schemas['InvoiceDetailRecord'];
export type InvoiceHistoryEntry = Schemas['InvoiceHistoryEntry'];
export type LinkedRedInvoice = Schemas['LinkedRedInvoice'];
export type RedFlushOfBlue = Schemas['RedFlushOfBlue'];
export type RedFlushOfRed = Schemas['RedFlushOfRed'];
export type Finding = Schemas['Finding'];
export type FindingCode = Schemas['FindingCode'];
export type InvoiceFilters = Schemas['InvoiceFilters'];
export type InvoicePage = Schemas['InvoicePage']['value'];
export type ConsoleSession = Schemas['ConsoleSession'];
export type ConsoleRole = Schemas['ConsoleRole'];
export type ConsoleUser = Schemas['ConsoleUser'];
export type AuditEntry = Schemas['AuditEntry'];
export type AuditPage = Schemas['AuditPageResponse']['value'];
export type UserWithPassword = Schemas['ConsoleUserWithPasswordResponse']['value'];
