/** Pieces the red-flush pages share. */
import { Tag } from 'antd';
import type { RedFlushState } from '../../lib/schemas.ts';
import { STATE_COLORS, STATE_LABELS } from './labels.ts';

/** A request's state in Chinese, coloured by how it stands (open, done, refused). */
export function StateTag({ state, label }: { state: RedFlushState; label?: string }) {
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }}>
      {label ?? STATE_LABELS[state]}
    </Tag>
  );
}
