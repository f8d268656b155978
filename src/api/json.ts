/**
 * JSON parsing that keeps numbers exact: a number comes back as a
 * LosslessNumber holding the digits as written, so `828.30` stays `828.30`
 * and 30-digit numbers are not rounded, or as a JS number where that
 * number writes back exactly as sent (`String(n)` is the text). Duplicate
 * keys: the last one wins, as with JSON.parse.
 *
 * Most bodies take the fast way: one scan checks the nesting and every
 * number, then the native JSON.parse builds the value (which resolves
 * repeated keys and `__proto__` as lossless-json does). Where the scan finds
 * a number a JS number would not keep, or the text is not valid JSON,
 * lossless-json parses it (and words the error).
 */
import { isSafeNumber, parse } from 'lossless-json';

export type ParseResult =
  | { ok: true; value: unknown }
  | {
      ok: false;
      /** The parser's reason, in English (`Object value expected after ':' at position 5`). */
      reason: string;
      /** Where the text stops being JSON: the 1-based number of the character (code point) the parser stopped at, when it says. */
      position?: number;
      /** The text ended before the JSON did (`{"a":`): `position` is then one past its last character. */
      ended?: boolean;
      /** For nesting that is too deep: the JSON Pointer (into this text) of the first value nested too deep. */
      tooDeepAt?: string;
    };

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;

export function parseJson(text: string, maxDepth: number): ParseResult {
  // The parser recurses: refuse deep nesting before it could exhaust the stack.
  const scan = scanJson(text, maxDepth);
  if (scan === 'too deep') {
    return { ok: false, reason: `the JSON nests deeper than ${maxDepth} levels`, tooDeepAt: tooDeep(text, maxDepth) ?? '' };
  }
  if (scan === 'exact') {
    try {
      return { ok: true, value: JSON.parse(text) };
    } catch {
      // not JSON: lossless-json below says why, in its words
    }
  }
  try {
    return { ok: true, value: parse(text, null, { onDuplicateKey: ({ newValue }) => newValue }) };
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'not valid JSON';
    const at = /at position (\d+)$/.exec(reason)?.[1];
    if (at === undefined) return { ok: false, reason };
    return { ok: false, reason, position: characterNumber(text, Number(at)), ended: Number(at) >= text.length };
  }
}

/** The 1-based number, in characters (code points, as a person counts them), of the UTF-16 offset `offset` of `text`. */
function characterNumber(text: string, offset: number): number {
  let count = 1;
  for (let i = 0; i < offset && i < text.length; i++) {
    const unit = text.charCodeAt(i);
    // The high half of a pair counts; its low half does not.
    if (!(unit >= 0xdc00 && unit <= 0xdfff && i > 0 && isHighSurrogate(text.charCodeAt(i - 1)))) count++;
  }
  return count;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * Where a text stopped being JSON, in Chinese, for a person to find it:
 * `（第 2 个字符附近）`, or `（在第 5 个字符后意外结束）` when the text ends
 * too soon; empty when the parser did not say.
 */
export function whereNotJson(failure: { readonly position?: number; readonly ended?: boolean }): string {
  if (failure.position === undefined) return '';
  if (failure.ended && failure.position === 1) return '（内容为空）';
  return failure.ended ? `（在第 ${failure.position - 1} 个字符后意外结束）` : `（第 ${failure.position} 个字符附近）`;
}

/**
 * One pass over a JSON text, strings skipped: "too deep" where arrays and
 * objects nest deeper than `maxDepth` (judged exactly as `tooDeep` does,
 * also for a text that is not JSON), else "inexact" where a number's text
 * is not what its JS number writes back (`1.50`, `1e3`, `-0`,
 * `9007199254740993`), else "exact".
 */
function scanJson(text: string, maxDepth: number): 'too deep' | 'inexact' | 'exact' {
  let depth = 0;
  let exact = true;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      i = endOfString(text, i);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (depth >= maxDepth) return 'too deep';
      depth++;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      if (depth > 0) depth--;
    } else if (code === MINUS || (code >= ZERO && code <= NINE)) {
      let end = i + 1;
      while (end < length && inNumber(text.charCodeAt(end))) end++;
      if (exact && !exactNumber(text, i, end)) exact = false;
      i = end - 1;
    }
  }
  return exact ? 'exact' : 'inexact';
}

/** Whether a character can be part of a JSON number. */
function inNumber(code: number): boolean {
  return (code >= ZERO && code <= NINE) || code === DOT || code === LOWER_E || code === UPPER_E || code === MINUS || code === PLUS;
}

/** The index of the quote that closes the string opening at `start` (or the text's length, if none does). */
function endOfString(text: string, start: number): number {
  let end = text.indexOf('"', start + 1);
  while (end >= 0) {
    let backslashes = 0;
    while (text.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = text.indexOf('"', end + 1);
  }
  return text.length;
}

/** Whether the number written at text[start, end) is exactly what its JS number writes back, and safe. */
function exactNumber(text: string, start: number, end: number): boolean {
  const first = text.charCodeAt(start);
  // The common case, a short integer: digits only, no leading zero.
  if (end - start <= 15 && first > ZERO && first <= NINE) {
    let digits = true;
    for (let i = start + 1; i < end && digits; i++) {
      const code = text.charCodeAt(i);
      digits = code >= ZERO && code <= NINE;
    }
    if (digits) return true;
  }
  const token = text.slice(start, end);
  return String(Number(token)) === token && isSafeNumber(token);
}

/** An open array or object while scanning: where in it the scan is. */
interface Frame {
  readonly array: boolean;
  index: number;
  /** The current key of an object, as its quoted JSON text (decoded only if needed). */
  key: string;
  expectKey: boolean;
}

/**
 * Where a JSON text nests arrays and objects deeper than `maxDepth`: the
 * JSON Pointer of the first value that does, or undefined. One pass,
 * without recursion, strings skipped.
 */
export function tooDeep(text: string, maxDepth: number): string | undefined {
  const frames: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const top = frames[frames.length - 1];
    if (code === QUOTE) {
      const start = i;
      i = endOfString(text, i);
      if (top && !top.array && top.expectKey) top.key = text.slice(start, i + 1);
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      if (frames.length >= maxDepth) return pointerOf(frames);
      frames.push({ array: code === OPEN_BRACKET, index: 0, key: '""', expectKey: code === OPEN_BRACE });
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      frames.pop();
    } else if (top && code === COMMA) {
      if (top.array) top.index++;
      else top.expectKey = true;
    } else if (top && code === COLON) {
      top.expectKey = false;
    }
  }
  return undefined;
}

function pointerOf(frames: readonly Frame[]): string {
  return frames
    .map((frame) => {
      if (frame.array) return `/${frame.index}`;
      let key: string;
      try {
        key = String(JSON.parse(frame.key));
      } catch {
        key = frame.key.slice(1, -1);
      }
      return `/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    })
    .join('');
}
