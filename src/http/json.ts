/**
 * JSON parsing that keeps numbers exact: every number comes back as a
 * LosslessNumber holding the digits as written, so `828.30` stays `828.30`
 * and 30-digit numbers are not rounded. Duplicate keys: the last one wins,
 * as with JSON.parse.
 */
import { parse } from 'lossless-json';

export type ParseResult =
  | { ok: true; value: unknown }
  | {
      ok: false;
      reason: string;
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

export function parseJson(text: string, maxDepth: number): ParseResult {
  // The parser recurses: refuse deep nesting before it could exhaust the stack.
  const tooDeepAt = tooDeep(text, maxDepth);
  if (tooDeepAt !== undefined) return { ok: false, reason: `the JSON nests deeper than ${maxDepth} levels`, tooDeepAt };
  try {
    return { ok: true, value: parse(text, null, { onDuplicateKey: ({ newValue }) => newValue }) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'not valid JSON' };
  }
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
      for (i++; i < text.length && text.charCodeAt(i) !== QUOTE; i++) {
        if (text.charCodeAt(i) === BACKSLASH) i++;
      }
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
