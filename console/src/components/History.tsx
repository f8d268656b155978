/** 处理记录: a record's history as a timeline, one line an event: when, where it came from, what changed, and a note. */
import { Flex, Space, Tag, Timeline, Typography } from 'antd';
import type { ReactNode } from 'react';
import { formatDateTime } from '../lib/format.ts';

export interface HistoryItem {
  /** ms since epoch. */
  readonly at: number;
  readonly color: string;
  /** Where the change came from (渠道回调, 操作 …). */
  readonly source: string;
  readonly tags?: ReactNode;
  readonly change: ReactNode;
  readonly note: string | null;
}

export function History({ items, testId }: { items: readonly HistoryItem[]; testId: string }) {
  return (
    <Timeline
      data-testid={testId}
      items={items.map((item) => ({
        color: item.color,
        content: (
          <Flex vertical gap={2}>
            <Space size={8} wrap>
              <Typography.Text type="secondary" style={{ fontVariantNumeric: 'tabular-nums' }}>
                {formatDateTime(item.at)}
              </Typography.Text>
              <Tag style={{ marginInlineEnd: 0 }}>{item.source}</Tag>
              {item.tags}
              <span>{item.change}</span>
            </Space>
            {item.note && <Typography.Text type="secondary">{item.note}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}
