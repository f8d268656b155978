/**
 * 红字确认单详情: one form as fapiao-hub knows it: its state (a countdown
 * while it waits), both parties, the amounts, the blue invoice, our
 * request and the red invoice when there are; the actions its `actions`
 * allow; its rows; every state seen and every action asked (who, when,
 * from where); every call to the channel about it.
 */
import { Button, Card, Empty, Flex, Space, Table, type TableColumnsType, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { DetailHeaderCard, DetailPending, HeaderDescriptions, text } from '../../components/Detail.tsx';
import { History } from '../../components/History.tsx';
import { Money } from '../../components/Money.tsx';
import { TaxNo } from '../../components/TaxNo.tsx';
import { formatIsoDateTime, formatNumber, formatPrice, formatRate } from '../../lib/format.ts';
import type { RedConfirmFormDetail, RedConfirmFormEvent } from '../../lib/schemas.ts';
import { ChannelCallsCard } from '../red-flush/parts.tsx';
import { useForm } from './api.ts';
import { ACTIONS, ENTERED_BY, EVENT_SOURCES, FORM_REASONS, FORM_STATES, ORIGINS } from './labels.ts';
import { Countdown, FormActions, FormStateTag } from './parts.tsx';

type Row = Record<string, unknown>;
const field = (row: Row, ...names: string[]): string | null => {
  for (const name of names) {
    const value = row[name];
    if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  return null;
};

const rowColumns: TableColumnsType<Row> = [
  { title: '原蓝票行号', key: 'rowNo', width: 96, render: (_value, row) => text(field(row, 'blueRowNo', 'blueDetailIndex')) },
  { title: '货物或应税劳务、服务名称', key: 'goodsName', ellipsis: true, render: (_value, row) => text(field(row, 'goodsName')) },
  { title: '税收分类编码', key: 'code', width: 170, render: (_value, row) => text(field(row, 'taxClassificationCode', 'goodsCode')) },
  { title: '数量', key: 'quantity', width: 90, align: 'right', render: (_value, row) => formatNumber(field(row, 'quantity', 'num')) },
  { title: '单价', key: 'unitPrice', width: 100, align: 'right', render: (_value, row) => formatPrice(field(row, 'unitPrice', 'price')) },
  { title: '金额', key: 'amount', width: 110, align: 'right', render: (_value, row) => <Money value={field(row, 'amount')} red /> },
  { title: '税率', key: 'taxRate', width: 64, align: 'right', render: (_value, row) => formatRate(field(row, 'taxRate')) },
  { title: '税额', key: 'tax', width: 100, align: 'right', render: (_value, row) => <Money value={field(row, 'taxAmount', 'tax')} red /> },
];

const stateName = (state: string) => (FORM_STATES[state] ? `${state} ${FORM_STATES[state]}` : state);

/** Who asked, or where the change was seen, in a phrase. */
function eventWho(event: RedConfirmFormEvent): string {
  if (event.actor) return `${event.actor.type === 'user' ? '用户' : '应用'} ${event.actor.name}`;
  return EVENT_SOURCES[event.source] ?? event.source;
}

function eventNote(event: RedConfirmFormEvent): string | null {
  const detail = event.detail as Record<string, unknown>;
  const parts: string[] = [];
  if (typeof detail.reason === 'string' && detail.reason) parts.push(`理由：${detail.reason}`);
  if (typeof detail.code === 'string' && detail.code)
    parts.push(`渠道答复：${detail.code}${typeof detail.message === 'string' ? ` ${detail.message}` : ''}`);
  else if (typeof detail.message === 'string' && detail.message) parts.push(detail.message);
  if (typeof detail.invoiceNumber === 'string' && detail.invoiceNumber) parts.push(`红字发票 ${detail.invoiceNumber}`);
  return parts.length > 0 ? parts.join('；') : null;
}

function Events({ events }: { events: RedConfirmFormEvent[] }) {
  return (
    <History
      testId="form-events"
      items={events.map((event) => ({
        at: Date.parse(event.at),
        color: event.action ? 'blue' : event.toState === '02' || event.toState === '03' ? 'orange' : 'gray',
        source: EVENT_SOURCES[event.source] ?? event.source,
        tags: event.action && <Tag color="blue">{ACTIONS[event.action]}</Tag>,
        change: `${eventWho(event)}：${
          event.fromState === null ? '记录为' : event.fromState === event.toState ? '状态仍为' : `${stateName(event.fromState)} →`
        } ${stateName(event.toState)}`,
        note: eventNote(event),
      }))}
    />
  );
}

function party(value: RedConfirmFormDetail['seller']) {
  return (
    <Flex vertical>
      <span>{value.name ?? '—'}</span>
      <TaxNo value={value.taxNo} />
    </Flex>
  );
}

export function FormDetailPage() {
  const { id } = useParams();
  const query = useForm(id);
  if (!query.isSuccess) {
    return (
      <DetailPending
        query={query}
        backTo="/red-confirm-forms"
        missingTitle="红字确认单不存在"
        missingText="没有这张红字确认单，或您无权查看。"
      />
    );
  }
  const form = query.data;
  return (
    <Flex vertical gap={16}>
      <DetailHeaderCard
        backTo="/red-confirm-forms"
        title={`红字确认单 ${form.billNo ?? form.billId ?? form.id}`}
        extra={
          <Space>
            <FormActions form={form} size="middle" />
            <Button onClick={() => void query.refetch()} loading={query.isFetching}>
              重新加载
            </Button>
          </Space>
        }
      >
        <HeaderDescriptions
          items={[
            { key: 'state', label: '状态', children: <FormStateTag form={form} /> },
            { key: 'countdown', label: '剩余确认时间', children: <Countdown form={form} /> },
            { key: 'origin', label: '来源', children: `${ORIGINS[form.origin]}（${ENTERED_BY[form.enteredBy]}）` },
            { key: 'billNo', label: '确认单编号', children: text(form.billNo) },
            { key: 'billId', label: '渠道单据号', children: text(form.billId) },
            { key: 'channel', label: '渠道', children: form.channelCode },
            { key: 'seller', label: '销方', children: party(form.seller) },
            { key: 'buyer', label: '购方', children: party(form.buyer), span: 2 },
            { key: 'amount', label: '红冲金额（不含税）', children: <Money value={form.amount} /> },
            { key: 'tax', label: '红冲税额', children: <Money value={form.tax} /> },
            {
              key: 'total',
              label: '红冲价税合计',
              children: (
                <span data-testid="form-total">
                  <Money value={form.total} strong />
                </span>
              ),
            },
            { key: 'reason', label: '红冲原因', children: form.reason ? (FORM_REASONS[form.reason] ?? form.reason) : '—' },
            { key: 'entered', label: '录入时间', children: formatIsoDateTime(form.enteredAt) },
            { key: 'deadline', label: '确认截止', children: formatIsoDateTime(form.deadlineAt) },
            {
              key: 'blue',
              label: '蓝字发票',
              children: form.blueInvoice ? (
                form.blueInvoice.id ? (
                  <Link to={`/invoices/${form.blueInvoice.id}`}>{form.blueInvoice.invoiceNumber}</Link>
                ) : (
                  `${form.blueInvoice.invoiceNumber}（未在本系统）`
                )
              ) : (
                '—'
              ),
            },
            {
              key: 'request',
              label: '红冲申请',
              children: form.redFlushId ? (
                <Link to={`/red-flush-requests/${form.redFlushId}`} data-testid="form-request-link">
                  查看申请
                </Link>
              ) : (
                '—（对方录入）'
              ),
            },
            {
              key: 'red',
              label: '红字发票',
              children: form.redInvoice ? (
                form.redInvoice.id ? (
                  <Link to={`/invoices/${form.redInvoice.id}`}>{form.redInvoice.invoiceNumber}</Link>
                ) : (
                  `${form.redInvoice.invoiceNumber}（尚未推送）`
                )
              ) : (
                <Typography.Text type="secondary">尚未开具</Typography.Text>
              ),
            },
            { key: 'confirmed', label: '确认时间', children: formatIsoDateTime(form.confirmedAt) },
            { key: 'held', label: '占用蓝票额度', children: form.held ? '是（待红字发票开具）' : '否' },
            { key: 'updated', label: '最近更新', children: formatIsoDateTime(form.updatedAt) },
            { key: 'message', label: '渠道提示', children: text(form.message), span: 3 },
          ]}
        />
      </DetailHeaderCard>

      <Card title={`明细（${form.rows.length} 行）`} variant="borderless">
        <Table<Row>
          rowKey={(_row, index) => String(index)}
          size="small"
          columns={rowColumns}
          dataSource={form.rows as Row[]}
          pagination={false}
          locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="渠道未提供明细" /> }}
        />
      </Card>

      <Card title={`处理记录（${form.events.length} 条）`} variant="borderless">
        <Events events={form.events} />
      </Card>

      <ChannelCallsCard calls={form.calls.map((call) => ({ ...call, startedAt: Date.parse(call.startedAt) }))} />
    </Flex>
  );
}
