/**
 * How finance writes figures and dates. Amounts arrive from the API as exact
 * decimal strings and are only formatted here, never computed: thousands
 * separators, at least two decimals (more when stored: unit prices keep theirs).
 * Times are Beijing time (UTC+8, no daylight saving), whatever the browser's zone.
 */

/** "1234567.8" → "1,234,567.80"; "-0.5" → "-0.50"; null → "—". */
export function formatMoney(value: string | null | undefined, options: { minDecimals?: number } = {}): string {
  if (value === null || value === undefined || value === '') return '—';
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value;
  const [, sign = '', whole = '0', fraction = ''] = match;
  const decimals = fraction.padEnd(options.minDecimals ?? 2, '0');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${grouped}${decimals ? `.${decimals}` : ''}`;
}

/** A unit price: like an amount, but its stored decimals beyond two only when they are not zeros ("4000.00000000" → "4,000.00"). */
export function formatPrice(value: string | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const trimmed = value.trim().replace(/^(-?\d+\.\d\d\d*?)0+$/, '$1');
  return formatMoney(trimmed);
}

/** A plain decimal (quantity, rate) without forced decimals: "2.000" stays "2.000", null → "—". */
export function formatNumber(value: string | null | undefined): string {
  return formatMoney(value, { minDecimals: 0 });
}

/** "0.06" → "6%", "0.13" → "13%", "0.015" → "1.5%"; null → "—". Exact: shifts the decimal point, no float. */
export function formatRate(value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  const match = /^(\d+)(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return value;
  const [, whole = '0', fraction = ''] = match;
  const digits = `${whole}${fraction.padEnd(2, '0')}`;
  const point = whole.length + 2;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(point).replace(/0+$/, '');
  return `${integer}${rest ? `.${rest}` : ''}%`;
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

function beijingIso(ms: number): string {
  return new Date(ms + BEIJING_OFFSET_MS).toISOString();
}

/** ms since epoch → "2026-10-01" (Beijing). */
export function formatDate(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  return beijingIso(ms).slice(0, 10);
}

/** ms since epoch → "2026-10-01 16:30:00" (Beijing). */
export function formatDateTime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const iso = beijingIso(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** An ISO 8601 instant → "2026-10-01 16:30:00" (Beijing). */
export function formatIsoDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return formatDateTime(Date.parse(iso));
}

/** Less than this left to confirm a 红字确认单: its countdown turns red. */
export const URGENT_MS = 12 * 3600 * 1000;

/** Time left to a deadline: "剩余 51 小时 12 分" (whole minutes, rounded down), or "已过期" once it passed. */
export function formatRemaining(deadlineMs: number, now: number): { text: string; urgent: boolean; expired: boolean } {
  const left = deadlineMs - now;
  if (left <= 0) return { text: '已过期', urgent: true, expired: true };
  const minutes = Math.floor(left / 60_000);
  return { text: `剩余 ${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`, urgent: left < URGENT_MS, expired: false };
}
