/**
 * The result of a red-flush batch, per invoice, in the order submitted:
 * the ones that went ahead with their request's state (and a link to it);
 * the ones whose request was stored and then ended at the channel without a
 * red invoice (refused, its form voided, failed: the failure envelope
 * carries `data.redFlushId` and `data.state`), with that state, the
 * channel's message and a link to the request; and the ones refused before
 * anything was stored, with the reason as the API said it.
 */
import { Alert, Button, Card, Flex, Result, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { Money } from '../../components/Money.tsx';
import { forClerk } from '../../lib/api.ts';
import type { InvoiceRecord, RedFlushAccepted, RedFlushState } from '../../lib/schemas.ts';
import type { BatchResult } from './api.ts';
import { KIND_LABELS, STATE_COLORS, STATE_LABELS } from './labels.ts';

type Answer = BatchResult['items'][number];

/** A failure envelope's `data` for a request that was stored and then ended at the channel (`channel_refused`, `cancelled`, `failed`). */
interface Ended {
  readonly reason: string;
  readonly redFlushId: string;
  readonly state: RedFlushState;
  readonly stateLabel?: string;
  readonly total?: string;
  readonly channelMessage?: string | null;
}

type Outcome =
  | { readonly kind: 'accepted'; readonly data: RedFlushAccepted }
  | { readonly kind: 'ended'; readonly data: Ended; readonly msg: string }
  | { readonly kind: 'refused'; readonly reason: string | undefined; readonly msg: string };

function outcomeOf(answer: Answer): Outcome {
  if (answer.success) return { kind: 'accepted', data: answer.data as RedFlushAccepted };
  const data = answer.data as Partial<Ended> & { reason?: string };
  if (typeof data.redFlushId === 'string' && typeof data.state === 'string') {
    return { kind: 'ended', data: data as Ended, msg: answer.msg };
  }
  return { kind: 'refused', reason: data.reason, msg: answer.msg };
}

interface Line {
  readonly invoice: InvoiceRecord;
  readonly outcome: Outcome;
}

const RESULT_TAGS: Readonly<Record<Outcome['kind'], { color: string; text: string }>> = {
  accepted: { color: 'green', text: '已受理' },
  ended: { color: 'orange', text: '渠道未办成' },
  refused: { color: 'red', text: '不能红冲' },
};

const requestOf = (outcome: Outcome) => (outcome.kind === 'refused' ? undefined : outcome.data);

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
    width: 110,
    render: (_value, { outcome }) => <Tag color={RESULT_TAGS[outcome.kind].color}>{RESULT_TAGS[outcome.kind].text}</Tag>,
  },
  {
    title: '申请状态',
    key: 'state',
    width: 130,
    render: (_value, { outcome }) => {
      const request = requestOf(outcome);
      if (!request) return '—';
      return (
        <Tag color={STATE_COLORS[request.state]} style={{ marginInlineEnd: 0 }} data-testid="result-state">
          {request.stateLabel ?? STATE_LABELS[request.state]}
        </Tag>
      );
    },
  },
  {
    title: '红冲价税合计',
    key: 'total',
    width: 130,
    align: 'right',
    render: (_value, { outcome }) => {
      const total = requestOf(outcome)?.total;
      return total === undefined ? '—' : <Money value={total} />;
    },
  },
  {
    title: '说明',
    key: 'message',
    render: (_value, { outcome }) => {
      switch (outcome.kind) {
        case 'accepted':
          return (
            <span>
              {KIND_LABELS[outcome.data.kind]}：{outcome.data.msg}
            </span>
          );
        case 'ended':
          return (
            <Flex vertical>
              <Typography.Text type="danger">{forClerk(outcome.msg)}</Typography.Text>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                红冲申请已记录并已结束，不再占用剩余可红冲金额；处理后可重新红冲
              </Typography.Text>
            </Flex>
          );
        default:
          return <Typography.Text type="danger">{forClerk(outcome.msg)}</Typography.Text>;
      }
    },
  },
  {
    title: '操作',
    key: 'actions',
    width: 90,
    render: (_value, { outcome }) => {
      const request = requestOf(outcome);
      return request ? <Link to={`/red-flush-requests/${request.redFlushId}`}>查看申请</Link> : null;
    },
  },
];

export function RedFlushResult({ invoices, result, onAgain }: { invoices: InvoiceRecord[]; result: BatchResult; onAgain: () => void }) {
  const navigate = useNavigate();
  const lines = invoices.flatMap((invoice, index) => {
    const answer = result.items[index];
    return answer ? [{ invoice, outcome: outcomeOf(answer) }] : [];
  });
  const count = (kind: Outcome['kind']) => lines.filter((line) => line.outcome.kind === kind).length;
  const [accepted, ended, refused] = [count('accepted'), count('ended'), count('refused')];
  const short = lines.some((line) => line.outcome.kind === 'refused' && line.outcome.reason === 'insufficient_remaining');
  const status = ended + refused === 0 ? 'success' : accepted === 0 ? 'error' : 'warning';
  return (
    <Card variant="borderless">
      <Result
        status={status}
        title={
          ended > 0 ? `受理 ${accepted} 张，渠道未办成 ${ended} 张，不能红冲 ${refused} 张` : `受理 ${accepted} 张，不能红冲 ${refused} 张`
        }
        subTitle={accepted > 0 ? '已受理的红冲申请将提交渠道办理，可在“红冲申请”中查看进度。' : '没有发票被受理，请按说明处理后重新红冲。'}
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
      {ended > 0 && (
        <Alert
          type="warning"
          showIcon
          title="以下发票的红冲申请已提交，但渠道未办成"
          description="渠道拒绝了申请，或红字确认单已作废，或申请失败；每张的状态与渠道的答复见下表，点“查看申请”可看处理记录。"
          style={{ marginBottom: 16 }}
          data-testid="result-ended"
        />
      )}
      {refused > 0 && (
        <Alert
          type="warning"
          showIcon
          title="以下发票未能红冲"
          description={`${short ? '开票管理中可能存在本发票待开的红冲，或剩余可红冲金额不足；' : '未保存红冲申请，请按说明处理后重新红冲；'}其余发票已照常处理。`}
          style={{ marginBottom: 16 }}
          data-testid="result-refused"
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
