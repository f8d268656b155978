/**
 * 推送详情: one push as received: when, from which app and channel, its
 * batch and what it did to it, what it did to each invoice it carried
 * (linked to 发票详情), and its body exactly as received (shown as text,
 * formatted on request when it is JSON; 下载原始报文 serves the same bytes
 * with the Content-Type it came with).
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Segmented, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { DetailHeaderCard, DetailPending, HeaderDescriptions, text } from '../../components/Detail.tsx';
import { formatDateTime, formatNumber } from '../../lib/format.ts';
import type { PushEntry, PushView } from '../../lib/schemas.ts';
import { HISTORY_CHANGES, INVOICING_STATUSES, label } from '../invoices/labels.ts';
import { pushBodyUrl, usePush } from './api.ts';
import { formatBytes, OUTCOMES } from './labels.ts';
import { BatchLink, ResultTag } from './parts.tsx';

const entryColumns: TableColumnsType<PushEntry> = [
  { title: '序号', dataIndex: 'position', width: 64, align: 'right', render: (position: number) => position + 1 },
  {
    title: '发票号码',
    dataIndex: 'invoiceNumber',
    render: (number: string, entry) => (
      <Link to={`/invoices/${entry.invoiceId}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {entry.invoiceCode ? `${entry.invoiceCode} / ${number}` : number}
      </Link>
    ),
  },
  { title: '处理结果', dataIndex: 'change', width: 200, render: (change: string) => label(HISTORY_CHANGES, change) },
  { title: '发票状态', dataIndex: 'invoicingStatus', width: 100, render: (status: string) => label(INVOICING_STATUSES, status) },
];

/** The body as received, or indented when it is JSON and the user asks (the text itself is never changed). */
function Body({ view }: { view: PushView }) {
  const [mode, setMode] = useState<'raw' | 'pretty'>('raw');
  if (view.body === null) {
    return <Alert type="info" showIcon title="该推送含有您无权查看的销方的发票，原始报文不予显示。" />;
  }
  let pretty: string | undefined;
  try {
    pretty = JSON.stringify(JSON.parse(view.body), null, 2);
  } catch {
    pretty = undefined;
  }
  return (
    <Flex vertical gap={12}>
      {pretty !== undefined && (
        <Segmented
          value={mode}
          onChange={(value) => setMode(value as 'raw' | 'pretty')}
          options={[
            { value: 'raw', label: '原样' },
            { value: 'pretty', label: '格式化' },
          ]}
          style={{ alignSelf: 'flex-start' }}
        />
      )}
      {mode === 'pretty' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          格式化仅便于阅读（数字按 JavaScript 读出的值显示），以原样为准。
        </Typography.Text>
      )}
      <pre
        data-testid="push-body"
        style={{
          margin: 0,
          padding: 12,
          maxHeight: 480,
          overflow: 'auto',
          background: '#fafafa',
          border: '1px solid #f0f0f0',
          borderRadius: 6,
          fontSize: 12,
          whiteSpace: 'pre-wrap',
          wordBreak: 'break-all',
        }}
      >
        {mode === 'pretty' && pretty !== undefined ? pretty : view.body}
      </pre>
    </Flex>
  );
}

export function PushDetailPage() {
  const { id } = useParams();
  const push = usePush(id);
  if (!push.isSuccess) {
    return <DetailPending query={push} backTo="/pushes" missingTitle="推送不存在" missingText="没有这次推送，或您无权查看。" />;
  }
  const view = push.data;
  const record = view.push;
  return (
    <Flex vertical gap={16}>
      <DetailHeaderCard backTo="/pushes" title={`推送 ${record.id}`}>
        <HeaderDescriptions
          items={[
            { key: 'receivedAt', label: '接收时间', children: formatDateTime(record.receivedAt) },
            { key: 'channel', label: '渠道', children: record.channelCode },
            { key: 'serialNo', label: '批次号', children: <BatchLink channelCode={record.channelCode} serialNo={record.serialNo} /> },
            { key: 'result', label: '推送结果', children: <ResultTag result={record.result} /> },
            { key: 'rejectMsg', label: '驳回原因', children: text(record.rejectMsg), span: 2 },
            { key: 'app', label: '推送应用', children: record.appName },
            { key: 'count', label: '发票数', children: formatNumber(String(record.invoiceCount)) },
            { key: 'outcome', label: '是否有变化', children: OUTCOMES[record.outcome] },
            { key: 'summary', label: '处理结果', children: record.summary, span: 3 },
            { key: 'contentType', label: 'Content-Type', children: text(record.contentType) },
            { key: 'bytes', label: '报文大小', children: formatBytes(record.bodyBytes) },
            {
              key: 'requestId',
              label: '请求编号',
              children: record.requestId ? (
                <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} style={{ fontSize: 12 }}>
                  {record.requestId}
                </Typography.Text>
              ) : (
                '—'
              ),
            },
          ]}
        />
      </DetailHeaderCard>

      <Card title={`发票（${view.entries.length} 张）`} variant="borderless">
        <Table<PushEntry>
          rowKey="position"
          size="small"
          columns={entryColumns}
          dataSource={view.entries}
          pagination={false}
          locale={{ emptyText: '这次推送没有发票' }}
        />
      </Card>

      <Card
        title="原始报文"
        variant="borderless"
        extra={
          view.body !== null && (
            <Button icon={<DownloadOutlined />} href={pushBodyUrl(record.id)} download={`push-${record.id}.json`}>
              下载原始报文
            </Button>
          )
        }
      >
        <Body view={view} />
      </Card>
    </Flex>
  );
}
