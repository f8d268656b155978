/**
 * What a person types, as the API takes it: digits typed with a Chinese
 * IME in full-width mode (`１００．５０`, `。` for the point), and amounts
 * pasted as the console shows them (`1,074.26`), are written the API's way;
 * what still cannot be an amount is said plainly.
 */

/** Full-width digits and signs (and the IME's `。`) as ASCII; the ideographic space as a space. */
export function halfWidth(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (char) => String.fromCharCode(char.charCodeAt(0) - 0xfee0))
    .replace(/\u3002/g, '.')
    .replace(/\u3000/g, ' ');
}

/** Positive, at most 12 digits before the point and 2 after: the API's rule for a row amount (`RedFlushDetail.amount`). */
const AMOUNT = /^(?:0|[1-9]\d{0,11})(?:\.\d{1,2})?$/;
const ZERO = /^0(?:\.0{1,2})?$/;
/** Thousands separators where they belong: `1,074.26`, `12,345,678`. */
const GROUPED = /^\d{1,3}(?:,\d{3})+(?:\.\d*)?$/;

export type AmountReading = { readonly amount: string } | { readonly problem: string };

/**
 * A typed amount as the API takes it (`1,074.26` → `1074.26`, `１００` →
 * `100`), or why it cannot be one, in words a clerk can act on. Empty text
 * is neither: the caller decides whether it is needed.
 */
export function readAmount(typed: string): AmountReading | undefined {
  const text = halfWidth(typed).trim();
  if (text === '') return undefined;
  if (text.startsWith('-')) return { problem: '请输入正数（红冲金额按正数填写）' };
  if (/[^\d.,]/.test(text)) return { problem: '金额只能包含数字和小数点' };
  if (text.includes(',') && !GROUPED.test(text)) return { problem: '千分位逗号位置不对（也可不输入逗号）' };
  const plain = text.replaceAll(',', '');
  if (/\.\d{3,}$/.test(plain)) return { problem: '金额最多两位小数' };
  if (/^\d{13,}/.test(plain)) return { problem: '金额过大（整数部分最多 12 位）' };
  if (!AMOUNT.test(plain)) return { problem: '请输入金额，如 1000 或 1,000.50' };
  if (ZERO.test(plain)) return { problem: '金额须大于 0' };
  return { amount: plain };
}
