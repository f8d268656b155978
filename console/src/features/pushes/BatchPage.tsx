/**
 * 批次详情 (`/pushes/batch?channelCode=…&serialNo=…`): a batch's state and
 * reason, every push received for it (oldest first, each linked to its
 * body) and the invoices it carried.
 */
import { Alert, Card, Flex, Table, type TableColumnsType, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { DetailHeaderCard, DetailPending, HeaderDescriptions, text } from '../../components/Detail.tsx';
import { Money } from '../../components/Money.tsx';
import { formatDate, formatDateTime } from '../../lib/format.ts';
import type { BatchPush, InvoiceRecord } from '../../lib/schemas.ts';
import { StatusTags } from '../invoices/parts.tsx';
import { useBatch } from './api.ts';
import { ResultTag } from './parts.tsx';

function changesText(changes: BatchPush['changes']): string {
  const parts = [
    ['新增', changes.created],
    ['更新', changes.updated],
    ['作废', changes.voided],
    ['无变化', changes.unchanged],
    ['忽略', changes.ignored],
  ]
    .filter(([, count]) => Number(count) > 0)
    .map(([name, count]) => `${name} ${count} 张`);
  return parts.length > 0 ? parts.join('；') : '没有发票';
}

const pushColumns: TableColumnsType<BatchPush> = [
  { title: '接收时间', dataIndex: 'receivedAt', width: 160, render: (ms: number) => formatDateTime(ms) },
  { title: '推送结果', dataIndex: 'result', width: 96, render: (result: number) => <ResultTag result={result} /> },
  { title: '驳回原因', dataIndex: 'rejectMsg', render: text },
  { title: '发票处理', dataIndex: 'changes', width: 200, render: (changes: BatchPush['changes']) => changesText(changes) },
  { title: '推送应用', dataIndex: 'appName', width: 140 },
  { title: '操作', key: 'actions', width: 80, render: (_value, push) => <Link to={`/pushes/${push.pushId}`}>查看报文</Link> },
];

const invoiceColumns: TableColumnsType<InvoiceRecord> = [
  {
    title: '发票号码',
    dataIndex: 'invoiceNumber',
    width: 190,
    render: (number: string, invoice) => (
      <Link to={`/invoices/${invoice.id}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {number}
      </Link>
    ),
  },
  { title: '开票日期', dataIndex: 'invoiceDate', width: 100, render: (ms: number) => formatDate(ms) },
  {
    title: '购方名称',
    dataIndex: 'buyerName',
    ellipsis: { showTitle: false },
    render: (name: string) => <Typography.Text ellipsis={{ tooltip: name }}>{name}</Typography.Text>,
  },
  {
    title: '价税合计',
    dataIndex: 'invoiceTotalPriceTax',
    width: 130,
    align: 'right',
    render: (value: string | null, invoice) => <Money value={value} red={invoice.invoiceType === 1} strong />,
  },
  { title: '状态', key: 'status', width: 130, render: (_value, invoice) => <StatusTags invoice={invoice} /> },
];

export function BatchPage() {
  const [params] = useSearchParams();
  const channelCode = params.get('channelCode');
  const serialNo = params.get('serialNo');
  const batch = useBatch(channelCode, serialNo);
  if (!channelCode || !serialNo) {
    return <Alert type="warning" showIcon title="链接不完整：需要渠道编码（channelCode）和批次号（serialNo）。" />;
  }
  if (!batch.isSuccess) {
    return <DetailPending query={batch} backTo="/pushes" missingTitle="批次不存在" missingText="没有这个批次，或您无权查看。" />;
  }
  const value = batch.data;
  return (
    <Flex vertical gap={16}>
      <DetailHeaderCard backTo="/pushes" title={`批次 ${value.serialNo}`}>
        <HeaderDescriptions
          items={[
            { key: 'channel', label: '渠道', children: value.channelCode },
            { key: 'serialNo', label: '批次号', children: value.serialNo },
            { key: 'result', label: '批次状态', children: <ResultTag result={value.result} /> },
            { key: 'rejectMsg', label: '驳回原因', children: text(value.rejectMsg), span: 3 },
            { key: 'created', label: '首次推送', children: formatDateTime(value.createdAt) },
            { key: 'updated', label: '最近推送', children: formatDateTime(value.updatedAt) },
            { key: 'pushes', label: '推送次数', children: `${value.pushes.length}${value.pushesTruncated ? '+' : ''}` },
          ]}
        />
      </DetailHeaderCard>
      <Card title={`推送（${value.pushes.length} 次，按时间先后）`} variant="borderless">
        {value.pushesTruncated && <Alert type="info" showIcon title="只列出最早的 1,000 次推送。" style={{ marginBottom: 12 }} />}
        <Table<BatchPush> rowKey="pushId" size="small" columns={pushColumns} dataSource={value.pushes} pagination={false} />
      </Card>
      <Card title={`发票（${value.invoices.length} 张）`} variant="borderless">
        {value.invoicesTruncated && (
          <Alert
            type="info"
            showIcon
            title={
              <>
                只列出 1,000 张；全部发票见 <Link to={`/invoices?serialNo=${encodeURIComponent(value.serialNo)}`}>发票查询</Link>。
              </>
            }
            style={{ marginBottom: 12 }}
          />
        )}
        <Table<InvoiceRecord>
          rowKey="id"
          size="small"
          columns={invoiceColumns}
          dataSource={value.invoices}
          pagination={false}
          locale={{ emptyText: '该批次没有发票' }}
        />
      </Card>
    </Flex>
  );
}
