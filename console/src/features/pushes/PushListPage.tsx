/**
 * 推送记录: first today's batches that were rejected or are still in
 * progress (what support looks at first), then every push received,
 * newest first, with the push list's filters kept in the URL, keyset pages
 * added with 加载更多; each push opens on its page with its body as
 * received, each batch on its own.
 */
import { Card, DatePicker, Flex, Input, Select, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router';
import { FilterBar, type FilterField } from '../../components/FilterBar.tsx';
import { KeysetTable } from '../../components/KeysetTable.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import type { BatchSummary, PushRecord } from '../../lib/schemas.ts';
import { useUrlFilters } from '../../lib/url-filters.ts';
import { PUSH_FILTERS, useOpenBatchesToday, usePushList } from './api.ts';
import { formatBytes, OUTCOMES, RESULTS } from './labels.ts';
import { BatchLink, ResultTag } from './parts.tsx';

const URL_FILTERS = { names: PUSH_FILTERS, dateRange: { field: 'received', from: 'receivedFrom', to: 'receivedTo' } } as const;

const RESULT_OPTIONS = Object.entries(RESULTS).map(([value, { label }]) => ({ value, label }));
const OUTCOME_OPTIONS = Object.entries(OUTCOMES).map(([value, label]) => ({ value, label }));

const FIELDS: readonly FilterField[] = [
  { name: 'received', label: '接收日期', input: <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} /> },
  { name: 'channelCode', label: '渠道编码', input: <Input allowClear maxLength={64} /> },
  { name: 'serialNo', label: '批次号', input: <Input allowClear maxLength={128} /> },
  { name: 'result', label: '推送结果', input: <Select allowClear options={RESULT_OPTIONS} placeholder="全部" /> },
  { name: 'outcome', label: '处理结果', input: <Select allowClear options={OUTCOME_OPTIONS} placeholder="全部" /> },
];

const batchColumns: TableColumnsType<BatchSummary> = [
  {
    title: '批次号',
    dataIndex: 'serialNo',
    width: 220,
    render: (serialNo: string, batch) => <BatchLink channelCode={batch.channelCode} serialNo={serialNo} />,
  },
  { title: '渠道', dataIndex: 'channelCode', width: 110 },
  { title: '批次状态', dataIndex: 'result', width: 96, render: (result: number) => <ResultTag result={result} /> },
  {
    title: '驳回原因',
    dataIndex: 'rejectMsg',
    ellipsis: { showTitle: false },
    render: (message: string | null) => (message ? <Typography.Text ellipsis={{ tooltip: message }}>{message}</Typography.Text> : '—'),
  },
  { title: '推送次数', dataIndex: 'pushCount', width: 84, align: 'right', render: (count: number) => formatNumber(String(count)) },
  { title: '首次推送', dataIndex: 'createdAt', width: 160, render: (ms: number) => formatDateTime(ms) },
  { title: '最近推送', dataIndex: 'updatedAt', width: 160, render: (ms: number) => formatDateTime(ms) },
];

const pushColumns: TableColumnsType<PushRecord> = [
  { title: '接收时间', dataIndex: 'receivedAt', width: 156, render: (ms: number) => formatDateTime(ms) },
  {
    title: '渠道 / 批次号',
    key: 'batch',
    width: 170,
    render: (_value, push) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <span>{push.channelCode}</span>
        <Typography.Text style={{ fontSize: 12 }}>
          <BatchLink channelCode={push.channelCode} serialNo={push.serialNo} />
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '推送结果',
    dataIndex: 'result',
    width: 150,
    render: (result: number, push) => (
      <Flex vertical gap={2} align="flex-start" style={{ minWidth: 0, maxWidth: '100%' }}>
        <ResultTag result={result} />
        {push.rejectMsg && (
          <Typography.Text type="danger" style={{ fontSize: 12 }} ellipsis={{ tooltip: push.rejectMsg }}>
            {push.rejectMsg}
          </Typography.Text>
        )}
      </Flex>
    ),
  },
  { title: '发票数', dataIndex: 'invoiceCount', width: 72, align: 'right', render: (count: number) => formatNumber(String(count)) },
  {
    title: '处理结果',
    dataIndex: 'summary',
    ellipsis: { showTitle: false },
    render: (summary: string, push) => (
      <Typography.Text type={push.outcome === 'unchanged' ? 'secondary' : undefined} ellipsis={{ tooltip: summary }}>
        {summary}
      </Typography.Text>
    ),
  },
  {
    title: '推送应用',
    dataIndex: 'appName',
    width: 120,
    ellipsis: { showTitle: false },
    render: (name: string) => <Typography.Text ellipsis={{ tooltip: name }}>{name}</Typography.Text>,
  },
  { title: '报文大小', dataIndex: 'bodyBytes', width: 96, align: 'right', render: (bytes: number) => formatBytes(bytes) },
  {
    title: '操作',
    key: 'actions',
    width: 80,
    fixed: 'right',
    render: (_value, push) => <Link to={`/pushes/${push.id}`}>查看报文</Link>,
  },
];

export function PushListPage() {
  const filters = useUrlFilters(URL_FILTERS);
  const pushes = usePushList(filters.filters);
  const batches = useOpenBatchesToday();

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless" title="今日驳回或开票中的批次" data-testid="open-batches">
        <KeysetTable<BatchSummary>
          list={batches}
          rowKey={(batch) => `${batch.channelCode}/${batch.serialNo}`}
          columns={batchColumns}
          scroll={{ x: 900 }}
          tableLayout="fixed"
          emptyText="今日没有被驳回或开票中的批次"
          unit="个"
        />
      </Card>
      <FilterBar filters={filters} fields={FIELDS} />
      <Card variant="borderless" title="推送记录" data-testid="pushes">
        <KeysetTable<PushRecord>
          list={pushes}
          rowKey="id"
          columns={pushColumns}
          scroll={{ x: 1040 }}
          tableLayout="fixed"
          emptyText="没有符合条件的推送"
          unit="次"
        />
      </Card>
    </Flex>
  );
}
