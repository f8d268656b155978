/**
 * The result of a red-flush batch, per invoice, in the order submitted:
 * the ones that went ahead with their request's state (and a link to it),
 * the ones that cannot be red-flushed with the reason, as the API said it.
 */
import { Alert, Button, Card, Flex, Result, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { Money } from '../../components/Money.tsx';
import type { InvoiceRecord, RedFlushAccepted } from '../../lib/schemas.ts';
import type { BatchResult } from './api.ts';
import { KIND_LABELS, STATE_COLORS } from './labels.ts';

interface Line {
  readonly invoice: InvoiceRecord;
  readonly answer: BatchResult['items'][number];
}

const columns: TableColumnsType<Line> = [
  {
    title: '发票号码',
    key: 'invoice',
    width: 190,
    render: (_value, { invoice }) => (
      <Link to={`/invoices/${invoice.id}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
        {invoice.invoiceNumber}
      </Link>
    ),
  },
  {
    title: '结果',
    key: 'result',
    width: 96,
    render: (_value, { answer }) => (answer.success ? <Tag color="green">已受理</Tag> : <Tag color="red">不能红冲</Tag>),
  },
  {
    title: '申请状态',
    key: 'state',
    width: 130,
    render: (_value, { answer }) => {
      if (!answer.success) return '—';
      const data = answer.data as RedFlushAccepted;
      return (
        <Tag color={STATE_COLORS[data.state]} style={{ marginInlineEnd: 0 }}>
          {data.stateLabel}
        </Tag>
      );
    },
  },
  {
    title: '红冲价税合计',
    key: 'total',
    width: 130,
    align: 'right',
    render: (_value, { answer }) => (answer.success ? <Money value={(answer.data as RedFlushAccepted).total} /> : '—'),
  },
  {
    title: '说明',
    key: 'message',
    render: (_value, { answer }) =>
      answer.success ? (
        <span>
          {KIND_LABELS[(answer.data as RedFlushAccepted).kind]}：{(answer.data as RedFlushAccepted).msg}
        </span>
      ) : (
        <Typography.Text type="danger">{answer.msg}</Typography.Text>
      ),
  },
  {
    title: '操作',
    key: 'actions',
    width: 90,
    render: (_value, { answer }) =>
      answer.success ? <Link to={`/red-flush-requests/${(answer.data as RedFlushAccepted).redFlushId}`}>查看申请</Link> : null,
  },
];

export function RedFlushResult({ invoices, result, onAgain }: { invoices: InvoiceRecord[]; result: BatchResult; onAgain: () => void }) {
  const navigate = useNavigate();
  const lines = invoices.map((invoice, index) => ({ invoice, answer: result.items[index] })).filter((line): line is Line => !!line.answer);
  const status = result.refused === 0 ? 'success' : result.accepted === 0 ? 'error' : 'warning';
  return (
    <Card variant="borderless">
      <Result
        status={status}
        title={`受理 ${result.accepted} 张，不能红冲 ${result.refused} 张`}
        subTitle={
          result.accepted > 0 ? '已受理的红冲申请将提交渠道办理，可在“红冲申请”中查看进度。' : '没有发票被受理，请按说明处理后重新红冲。'
        }
        style={{ padding: '16px 0 8px' }}
        extra={
          <Flex justify="center" gap={8}>
            <Button type="primary" onClick={onAgain}>
              继续红冲
            </Button>
            <Button onClick={() => navigate('/red-flush-requests')}>查看红冲申请</Button>
          </Flex>
        }
      />
      {result.refused > 0 && (
        <Alert
          type="warning"
          showIcon
          title="以下发票未能红冲"
          description="开票管理中可能存在本发票待开的红冲，或剩余可红冲金额不足；其余发票已照常受理。"
          style={{ marginBottom: 16 }}
        />
      )}
      <Table<Line>
        rowKey={(line) => line.invoice.id}
        size="small"
        columns={columns}
        dataSource={lines}
        pagination={false}
        data-testid="red-flush-result"
      />
    </Card>
  );
}
