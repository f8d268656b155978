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
export type RedFlushRequestBody = Schemas['RedFlushRequest'];
export type RedFlushPreview = Schemas['RedFlushPreview'];
export type RedFlushRow = Schemas['RedFlushRow'];
export type RedFlushAccepted = Schemas['RedFlushAccepted'];
export type RedFlushBatchAnswer = Schemas['RedFlushBatchAnswer'];
export type RedFlushRecord = Schemas['RedFlushRecord'];
export type RedFlushView = Schemas['RedFlushView'];
export type RedFlushEvent = Schemas['RedFlushEvent'];
export type ChannelCall = Schemas['ChannelCall'];
export type RedFlushPage = Schemas['RedFlushPage']['value'];
export type RedFlushState = Schemas['RedFlushState'];
export type OpenRedFlushRequest = Schemas['OpenRedFlushRequest'];
export type ConsoleApp = Schemas['ConsoleApp'];
export type ConsoleNewApp = Schemas['ConsoleNewApp'];
export type ConsoleAppCredentials = Schemas['ConsoleAppCredentialsResponse']['value'];
export type ConsoleChannel = Schemas['ConsoleChannel'];
export type ConsoleChannelPatch = Schemas['ConsoleChannelPatch'];
export type PushRecord = Schemas['PushRecord'];
export type PushEntry = Schemas['PushEntry'];
export type PushView = Schemas['PushView'];
export type Batch = Schemas['Batch'];
export type BatchPush = Schemas['BatchPush'];
export type BatchSummary = Schemas['BatchSummary'];
export type RedConfirmForm = Schemas['RedConfirmForm'];
export type RedConfirmFormDetail = Schemas['RedConfirmFormDetail'];
export type RedConfirmFormEvent = Schemas['RedConfirmFormEvent'];
export type RedConfirmFormCall = Schemas['RedConfirmFormCall'];
export type RedConfirmFormAction = Schemas['RedConfirmFormAction'];
