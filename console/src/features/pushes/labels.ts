/** The push records' codes as finance calls them (seed 001's 开票结果). */
import type { PushRecord } from '../../lib/schemas.ts';

export const RESULTS: Readonly<Record<number, { label: string; color: string }>> = {
  0: { label: '开票成功', color: 'green' },
  1: { label: '开票驳回', color: 'red' },
  2: { label: '开票中', color: 'processing' },
};

export const OUTCOMES: Readonly<Record<PushRecord['outcome'], string>> = { changed: '有变化', unchanged: '无变化' };

/** "1,234 字节", "12.3 KB": the body's size as received. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes.toLocaleString('en-US')} 字节`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
