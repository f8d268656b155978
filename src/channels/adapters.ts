/**
 * From a channel's stored settings to the adapter that calls it. A job
 * does `await loadAdapter(db, channelCode, { secretsKey, connectTimeoutMs,
 * timeoutMs })` (config.ts gives the timeouts, secrets.ts the key) and
 * then speaks only `ChannelAdapter` (adapter.ts).
 */
import type { Db } from '../db/database.ts';
import type { ChannelAdapter } from './adapter.ts';
import { type ChannelAdapterSettings, channelAdapterSettings } from './channels.service.ts';
import { nuonuoAdapter } from './nuonuo/nuonuo.adapter.ts';

export interface AdapterOptions {
  /** Config `channelConnectTimeoutMs`. */
  readonly connectTimeoutMs: number;
  /** Config `channelTimeoutMs`. */
  readonly timeoutMs: number;
  /** The clock of the calls' timestamps (default: the system's). */
  readonly now?: () => Date;
}

export function createAdapter(settings: ChannelAdapterSettings, options: AdapterOptions): ChannelAdapter {
  switch (settings.adapter) {
    case 'nuonuo':
      return nuonuoAdapter({ ...settings, ...options });
    default:
      throw new Error(`channel ${settings.channelCode}: no adapter ${String(settings.adapter)}`);
  }
}

/** The channel's adapter, or undefined when the channel has none (it only pushes). */
export async function loadAdapter(
  db: Db,
  channelCode: string,
  options: AdapterOptions & { readonly secretsKey: Buffer },
): Promise<ChannelAdapter | undefined> {
  const settings = await channelAdapterSettings(db, channelCode, options.secretsKey);
  return settings && createAdapter(settings, options);
}
