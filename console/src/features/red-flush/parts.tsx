/** Pieces the red-flush pages (and the 红字确认单 pages) share. */
import { Card, Empty, Flex, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { text } from '../../components/Detail.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import type { ChannelCall, RedFlushState } from '../../lib/schemas.ts';
import { CALL_OUTCOMES, CHANNEL_METHODS, STATE_COLORS, STATE_LABELS } from './labels.ts';

/** A request's state in Chinese, coloured by how it stands (open, done, refused). */
export function StateTag({ state, label }: { state: RedFlushState; label?: string }) {
  return (
    <Tag color={STATE_COLORS[state]} style={{ marginInlineEnd: 0 }}>
      {label ?? STATE_LABELS[state]}
    </Tag>
  );
}

/** A call to the channel as both pages list it (a request's calls, a form's calls). */
export interface CallRow {
  readonly startedAt: number;
  readonly method: string;
  readonly outcome: ChannelCall['outcome'];
  readonly durationMs: number | null;
  readonly code: string | null;
  readonly message: string | null;
}

const callColumns: TableColumnsType<CallRow> = [
  { title: '时间', dataIndex: 'startedAt', width: 160, render: (ms: number) => formatDateTime(ms) },
  {
    title: '调用',
    dataIndex: 'method',
    render: (method: string) => (
      <Flex vertical>
        <span>{CHANNEL_METHODS[method] ?? method}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {method}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '结果',
    dataIndex: 'outcome',
    width: 150,
    render: (outcome: CallRow['outcome']) => <Tag color={CALL_OUTCOMES[outcome].color}>{CALL_OUTCOMES[outcome].label}</Tag>,
  },
  {
    title: '耗时',
    dataIndex: 'durationMs',
    width: 90,
    align: 'right',
    render: (ms: number | null) => (ms === null ? '—' : `${formatNumber(String(ms))} 毫秒`),
  },
  { title: '渠道代码', dataIndex: 'code', width: 96, render: text },
  { title: '渠道答复', dataIndex: 'message', render: text },
];

/** 渠道调用（N 次）: every call made to the channel, oldest first. */
export function ChannelCallsCard({ calls }: { calls: readonly CallRow[] }) {
  return (
    <Card title={`渠道调用（${calls.length} 次）`} variant="borderless">
      <Table<CallRow>
        rowKey={(call) => `${call.startedAt}/${call.method}`}
        size="small"
        columns={callColumns}
        dataSource={[...calls]}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚未调用渠道" /> }}
      />
    </Card>
  );
}
