/**
 * JSON parsing that keeps numbers exact: every number comes back as a
 * LosslessNumber holding the digits as written, so `828.30` stays `828.30`
 * and 30-digit numbers are not rounded. Duplicate keys: the last one wins,
 * as with JSON.parse.
 */
import { parse } from 'lossless-json';

export type ParseResult = { ok: true; value: unknown } | { ok: false; reason: string };

const OPEN_BRACE = 0x7b;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export function parseJson(text: string, maxDepth: number): ParseResult {
  // The parser recurses: refuse deep nesting before it could exhaust the stack.
  if (nestingDepth(text) > maxDepth) return { ok: false, reason: `the JSON nests deeper than ${maxDepth} levels` };
  try {
    return { ok: true, value: parse(text, null, { onDuplicateKey: ({ newValue }) => newValue }) };
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : 'not valid JSON' };
  }
}

/** The deepest nesting of arrays and objects in a JSON text (strings skipped). */
export function nestingDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === BACKSLASH) i++;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === OPEN_BRACE || code === OPEN_BRACKET) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
      depth--;
    }
  }
  return deepest;
}
