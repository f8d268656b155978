/**
 * Per-channel settings, managed with the CLI (`channel set`, `channel
 * list`) and the console's admin API: the finding codes that refuse a push of the channel (by default
 * none: findings flag, they do not refuse), and how fapiao-hub calls the
 * channel (its adapter, endpoint, app key, user tax number and the two
 * secrets, encrypted at rest: see secrets.ts). Secrets are written here
 * and decrypted only by `channelAdapterSettings`; listings say whether one
 * is set, never what it is.
 */

import { type Schemas, schemas } from '../api/spec.ts';
import { type AuditContext, audit } from '../audit/audit.service.ts';
import type { Db } from '../db/database.ts';
import { AppError, type FieldError } from '../errors.ts';
import * as repository from './channels.repository.ts';
import { decryptSecret, encryptSecret, secretContext } from './secrets.ts';

type FindingCode = Schemas['FindingCode'];
/** The finding codes, as openapi.yaml lists them (the findings test holds them equal to the checks). */
const FINDING_CODES = (schemas.FindingCode?.enum ?? []) as readonly FindingCode[];

export const ADAPTERS = ['nuonuo'] as const;
export type AdapterKind = (typeof ADAPTERS)[number];

export interface AdapterSettingsView {
  readonly kind: AdapterKind;
  readonly endpoint: string;
  readonly appKey: string;
  readonly userTax: string | null;
  /** Presence only. */
  readonly secrets: { readonly appSecret: 'set' | 'missing'; readonly accessToken: 'set' | 'missing' };
}

export interface ChannelSettings {
  readonly channelCode: string;
  readonly rejectFindings: readonly FindingCode[];
  /** How fapiao-hub calls the channel; null: it does not (the channel only pushes). */
  readonly adapter: AdapterSettingsView | null;
  readonly updatedAt: string;
}

/** What a job needs to call a channel: the settings with the secrets decrypted. Never log it. */
export interface ChannelAdapterSettings {
  readonly channelCode: string;
  readonly adapter: AdapterKind;
  /** Base URL (Nuonuo: calls go to `{endpoint}/open/v1/services`). */
  readonly endpoint: string;
  readonly appKey: string;
  readonly userTax: string | null;
  readonly appSecret: string;
  readonly accessToken: string;
}

/**
 * A change of the console's PATCH or the CLI's `channel set`: only what is
 * given changes. Errors name these fields by the API's names (a pointer
 * such as `/appSecret`, the path parameter `channelCode`); the CLI says
 * them as its own flags (src/cli.ts).
 */
export interface ChannelChanges {
  readonly rejectFindings?: readonly string[];
  /** `none` removes the adapter and its settings and secrets. */
  readonly adapter?: string;
  readonly endpoint?: string;
  readonly appKey?: string;
  /** `none` (or empty) removes it. */
  readonly userTax?: string;
  readonly appSecret?: string;
  readonly accessToken?: string;
}

/** The settings of an adapter (all but `adapter` and `rejectFindings`), in the order errors name them. */
const ADAPTER_SETTINGS = ['endpoint', 'appKey', 'userTax', 'appSecret', 'accessToken'] as const;

/** The setting a refusal is about: a field of the change, or the channel's code. */
type Setting = keyof ChannelChanges | 'channelCode';

/** A 400 naming the settings that are wrong, each with why, in English and Chinese. */
function invalid(...errors: readonly { readonly setting: Setting; readonly en: string; readonly zh: string }[]): AppError {
  return AppError.validation(
    errors.map(
      ({ setting, en, zh }): FieldError =>
        setting === 'channelCode' ? { parameter: setting, in: 'path', message: en, zh } : { pointer: `/${setting}`, message: en, zh },
    ),
  );
}

/** The adapters' names in Chinese. */
const ADAPTER_NAMES_ZH: Readonly<Record<AdapterKind, string>> = { nuonuo: '诺诺' };

function toSettings(row: repository.ChannelRow): ChannelSettings {
  return {
    channelCode: row.channel_code,
    rejectFindings: row.reject_findings as FindingCode[],
    adapter:
      row.adapter === null
        ? null
        : {
            kind: row.adapter as AdapterKind,
            endpoint: row.endpoint ?? '',
            appKey: row.app_key ?? '',
            userTax: row.user_tax,
            secrets: { appSecret: row.has_app_secret ? 'set' : 'missing', accessToken: row.has_access_token ? 'set' : 'missing' },
          },
    updatedAt: row.updated_at.toISOString(),
  };
}

function checkChannelCode(channelCode: string): void {
  if (channelCode === '' || channelCode.length > 64) {
    throw invalid({ setting: 'channelCode', en: 'must have 1 to 64 characters', zh: '应为 1–64 个字符' });
  }
}

function checkFindingCodes(codes: readonly string[]): string[] {
  const unknown = codes.filter((code) => !(FINDING_CODES as readonly string[]).includes(code));
  if (unknown.length > 0) {
    throw invalid({
      setting: 'rejectFindings',
      en: `has unknown finding code ${unknown.join(', ')}; the codes are ${FINDING_CODES.join(', ')}`,
      zh: `含未知的检查项 ${unknown.join('、')}；检查项为 ${FINDING_CODES.join('、')}`,
    });
  }
  return [...new Set(codes)];
}

/** Sets the finding codes that refuse a push of the channel (an empty list: none). */
export async function setRejectFindings(db: Db, channelCode: string, codes: readonly string[]): Promise<ChannelSettings> {
  checkChannelCode(channelCode);
  return toSettings(await repository.upsertRejectFindings(db, channelCode, checkFindingCodes(codes)));
}

/** The base URL, without a trailing `/` or Nuonuo's `/open/v1/services` (the adapter adds it). */
function endpointOf(value: string): string {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw invalid({
      setting: 'endpoint',
      en: 'is not a URL; give the channel base URL, such as https://sdk.nuonuo.com',
      zh: '不是网址；应为渠道的基础地址，如 https://sdk.nuonuo.com',
    });
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw invalid({
      setting: 'endpoint',
      en: 'must be an http(s) URL without credentials, query or fragment, such as https://sdk.nuonuo.com',
      zh: '应为 http(s) 地址，不带用户名密码、查询参数或片段，如 https://sdk.nuonuo.com',
    });
  }
  return url.href.replace(/\/+$/, '').replace(/\/open\/v1\/services$/, '');
}

/** Printable ASCII without spaces; the value itself is never repeated in a message. */
function token(value: string, setting: Setting, max: number): string {
  if (!new RegExp(`^[\\x21-\\x7e]{1,${max}}$`).test(value)) {
    throw invalid({
      setting,
      en: `must be 1 to ${max} printable ASCII characters without spaces`,
      zh: `应为 1–${max} 个可见 ASCII 字符，不含空格`,
    });
  }
  return value;
}

/**
 * Changes a channel's settings in one transaction. `secretsKey` is asked
 * only when a secret is written. A channel with an adapter has, after the
 * change, an endpoint, an app key and both secrets, or nothing changes.
 * With `context` (the console's admin API, the CLI), the change is written
 * to the audit log in the same transaction: the settings given, a secret
 * only as "replaced".
 */
export async function setChannel(
  db: Db,
  channelCode: string,
  changes: ChannelChanges,
  secretsKey: () => Buffer,
  context?: AuditContext,
): Promise<ChannelSettings> {
  checkChannelCode(channelCode);
  const columns: { -readonly [K in keyof repository.ChannelColumns]: repository.ChannelColumns[K] } = {};
  if (changes.rejectFindings !== undefined) columns.reject_findings = checkFindingCodes(changes.rejectFindings);
  const adapterSettings = ADAPTER_SETTINGS.filter((setting) => changes[setting] !== undefined);
  if (changes.adapter === 'none') {
    if (adapterSettings.length > 0) {
      throw invalid({
        setting: 'adapter',
        en: 'none removes the adapter with its settings and secrets: give no other adapter setting with it',
        zh: `为 none 时删除适配器及其设置和密钥，不能同时给出 ${adapterSettings.join('、')}`,
      });
    }
    Object.assign(columns, {
      adapter: null,
      endpoint: null,
      app_key: null,
      user_tax: null,
      app_secret_encrypted: null,
      access_token_encrypted: null,
    });
  } else if (changes.adapter !== undefined) {
    if (!(ADAPTERS as readonly string[]).includes(changes.adapter)) {
      throw invalid({
        setting: 'adapter',
        en: `must be one of ${[...ADAPTERS, 'none'].join(', ')}, not ${changes.adapter}`,
        zh: `应为 ${[...ADAPTERS, 'none'].join('、')} 之一`,
      });
    }
    columns.adapter = changes.adapter;
  }
  if (changes.endpoint !== undefined) columns.endpoint = endpointOf(changes.endpoint);
  if (changes.appKey !== undefined) columns.app_key = token(changes.appKey, 'appKey', 128);
  if (changes.userTax !== undefined) {
    const userTax = changes.userTax.trim();
    if (userTax !== '' && userTax !== 'none' && !/^[0-9A-Z]{15,20}$/.test(userTax)) {
      throw invalid({
        setting: 'userTax',
        en: 'must be a tax number of 15 to 20 digits and capital letters (or none)',
        zh: '应为税号（15–20 位数字或大写字母），或 none',
      });
    }
    columns.user_tax = userTax === '' || userTax === 'none' ? null : userTax;
  }
  const appSecret = changes.appSecret === undefined ? undefined : token(changes.appSecret, 'appSecret', 1024);
  const accessToken = changes.accessToken === undefined ? undefined : token(changes.accessToken, 'accessToken', 1024);
  if (Object.keys(columns).length === 0 && appSecret === undefined && accessToken === undefined) {
    throw new AppError(400, 'validation_failed', { en: 'nothing to change', zh: '没有要修改的设置' });
  }

  return db.transaction().execute(async (trx) => {
    const current = await repository.findChannelForUpdate(trx, channelCode);
    const adapter = columns.adapter !== undefined ? columns.adapter : (current?.adapter ?? null);
    if (adapter === null) {
      if (adapterSettings.length > 0) {
        throw invalid({
          setting: 'adapter',
          en: `is required: channel ${channelCode} has no adapter yet; give one (${ADAPTERS.join(', ')}) with its settings`,
          zh: `渠道 ${channelCode} 尚未配置适配器，给出 ${adapterSettings.join('、')} 时必填（可选 ${ADAPTERS.join('、')}）`,
        });
      }
    } else {
      // Secrets stored for another adapter are not this one's.
      const kept = current?.adapter === adapter;
      const missing: Setting[] = [
        (columns.endpoint ?? current?.endpoint) ? undefined : ('endpoint' as const),
        (columns.app_key ?? current?.app_key) ? undefined : ('appKey' as const),
        appSecret !== undefined || (kept && current?.has_app_secret) ? undefined : ('appSecret' as const),
        accessToken !== undefined || (kept && current?.has_access_token) ? undefined : ('accessToken' as const),
      ].filter((setting) => setting !== undefined);
      if (missing.length > 0) {
        const name = ADAPTER_NAMES_ZH[adapter as AdapterKind] ?? adapter;
        throw invalid(
          ...missing.map((setting) => ({
            setting,
            en: `is required by the ${adapter} adapter of channel ${channelCode}`,
            zh: `渠道 ${channelCode} 配置${name}适配器时必填`,
          })),
        );
      }
    }
    if (appSecret !== undefined || accessToken !== undefined) {
      const key = secretsKey();
      if (appSecret !== undefined) columns.app_secret_encrypted = encryptSecret(key, appSecret, secretContext(channelCode, 'appSecret'));
      if (accessToken !== undefined) {
        columns.access_token_encrypted = encryptSecret(key, accessToken, secretContext(channelCode, 'accessToken'));
      }
    }
    const settings = toSettings(await repository.upsertChannel(trx, channelCode, columns));
    if (context) {
      await audit(trx, context.actor, {
        action: 'channel.set',
        target: `channel:${channelCode}`,
        details: auditDetails(columns, appSecret !== undefined, accessToken !== undefined),
        requestId: context.requestId,
      });
    }
    return settings;
  });
}

/** What a change set, for the audit log: the settings as stored, a secret only as "replaced" (never its value, nor its ciphertext). */
function auditDetails(columns: repository.ChannelColumns, appSecret: boolean, accessToken: boolean): Record<string, unknown> {
  const details: Record<string, unknown> = {};
  if (columns.reject_findings !== undefined) details.rejectFindings = columns.reject_findings;
  if (columns.adapter !== undefined) details.adapter = columns.adapter ?? 'none';
  if (columns.endpoint !== undefined && columns.adapter !== null) details.endpoint = columns.endpoint;
  if (columns.app_key !== undefined && columns.adapter !== null) details.appKey = columns.app_key;
  if (columns.user_tax !== undefined && columns.adapter !== null) details.userTax = columns.user_tax;
  if (appSecret) details.appSecret = 'replaced';
  if (accessToken) details.accessToken = 'replaced';
  return details;
}

export async function listChannels(db: Db): Promise<ChannelSettings[]> {
  return (await repository.listChannels(db)).map(toSettings);
}

/** A channel as listed: its settings (defaults for a channel that only pushed), and when it last pushed. */
export interface ListedChannel extends Omit<ChannelSettings, 'updatedAt'> {
  /** When its settings were last changed; null: never set (a channel that only pushed). */
  readonly updatedAt: string | null;
  /** When it last pushed; null: never. */
  readonly lastPushedAt: string | null;
}

/** Every channel with settings or pushes, by code (`channel list` in the CLI). */
export async function listChannelsWithPushes(db: Db): Promise<ListedChannel[]> {
  const settings = new Map((await repository.listChannels(db)).map((row) => [row.channel_code, toSettings(row)]));
  const pushed = new Map((await repository.pushingChannels(db)).map((row) => [row.channel_code, row.last_pushed_at.toISOString()]));
  return [...new Set([...settings.keys(), ...pushed.keys()])].sort().map((channelCode) => ({
    ...(settings.get(channelCode) ?? { channelCode, rejectFindings: [], adapter: null, updatedAt: null }),
    lastPushedAt: pushed.get(channelCode) ?? null,
  }));
}

/**
 * The channel's adapter settings with its secrets decrypted, for a job
 * about to call it; undefined when the channel has no adapter (it only
 * pushes). Throws `SecretsKeyError` when the key does not open the secrets.
 */
export async function channelAdapterSettings(db: Db, channelCode: string, secretsKey: Buffer): Promise<ChannelAdapterSettings | undefined> {
  const row = await repository.findAdapterSettings(db, channelCode);
  if (!row?.adapter) return undefined;
  if (!row.endpoint || !row.app_key || !row.app_secret_encrypted || !row.access_token_encrypted) {
    throw new Error(`channel ${channelCode}: its ${row.adapter} adapter is not fully set (channel set ${channelCode} …)`);
  }
  return {
    channelCode,
    adapter: row.adapter as AdapterKind,
    endpoint: row.endpoint,
    appKey: row.app_key,
    userTax: row.user_tax,
    appSecret: decryptSecret(secretsKey, row.app_secret_encrypted, secretContext(channelCode, 'appSecret')),
    accessToken: decryptSecret(secretsKey, row.access_token_encrypted, secretContext(channelCode, 'accessToken')),
  };
}
