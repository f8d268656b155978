import { Alert, App, Button, Card, Descriptions, Flex, Form, Input, Space, Table, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { DetailHeaderCard, DetailPending, HeaderDescriptions, text } from '../../components/Detail.tsx';
import { History } from '../../components/History.tsx';
import { Money } from '../../components/Money.tsx';
import { ApiError, describeError, fieldReason, forClerk } from '../../lib/api.ts';
import { formatDate, formatDateTime, formatNumber, formatRate } from '../../lib/format.ts';
import { useOnce } from '../../lib/once.ts';
import type { RedFlushEvent, RedFlushRow, RedFlushView } from '../../lib/schemas.ts';
import { halfWidth } from '../../lib/typed.ts';
import { hasScope, useSession } from '../auth/session.ts';
import { INVOICE_TYPE_CODES, INVOICING_STATUSES, label } from '../invoices/labels.ts';
import { useFormOfRequest, useGiveInfoSheet, useRedFlush } from './api.ts';
import { askerOf, EVENT_SOURCES, FORM_STATES, KIND_LABELS, PATH_LABELS, STATE_COLORS, STATE_LABELS } from './labels.ts';
import { ChannelCallsCard, StateTag } from './parts.tsx';

const rowColumns: TableColumnsType<RedFlushRow> = [
  { title: '原蓝票行号', dataIndex: 'detailRowNo', width: 96 },
  { title: '货物或应税劳务、服务名称', dataIndex: 'goodsName', ellipsis: true },
  { title: '规格型号', dataIndex: 'specification', width: 96, render: text },
  { title: '单位', dataIndex: 'unit', width: 56, render: text },
  { title: '数量', dataIndex: 'quantity', width: 80, align: 'right', render: (value: string | null) => formatNumber(value) },
  { title: '金额', dataIndex: 'amount', width: 120, align: 'right', render: (value: string) => <Money value={value} red /> },
  { title: '税率', dataIndex: 'taxRate', width: 60, align: 'right', render: (value: string) => formatRate(value) },
  { title: '税额', dataIndex: 'tax', width: 110, align: 'right', render: (value: string) => <Money value={value} red /> },
];

/** What caused a transition, in a sentence (the keys the API's events carry). */
function eventCause(event: RedFlushEvent): string | null {
  const detail = event.detail as Record<string, unknown>;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const parts: string[] = [];
  if (text(detail.userName)) parts.push(`用户 ${detail.userName} 在控制台发起`);
  else if (text(detail.appName)) parts.push(`应用 ${detail.appName} 通过接口发起`);
  if (text(detail.formLabel) || text(detail.formState)) {
    parts.push(`红字确认单：${text(detail.formLabel) ?? FORM_STATES[String(detail.formState)] ?? String(detail.formState)}`);
  }
  if (text(detail.code)) parts.push(`渠道答复：${detail.code}${text(detail.message) ? ` ${detail.message}` : ''}`);
  else if (text(detail.message)) parts.push(String(detail.message));
  if (text(detail.invoiceNumber)) parts.push(`红字发票 ${detail.invoiceNumber}`);
  return parts.length > 0 ? parts.join('；') : null;
}

function Events({ events }: { events: RedFlushEvent[] }) {
  const color = (state: RedFlushEvent['toState']) =>
    STATE_COLORS[state] === 'default' ? 'gray' : STATE_COLORS[state] === 'processing' ? 'blue' : STATE_COLORS[state];
  return (
    <History
      testId="request-events"
      items={events.map((event) => ({
        at: event.at,
        color: color(event.toState),
        source: EVENT_SOURCES[event.source] ?? event.source,
        change: (
          <>
            {event.fromState === null ? '创建为' : `${STATE_LABELS[event.fromState]} →`} <StateTag state={event.toState} />
          </>
        ),
        note: eventCause(event),
      }))}
    />
  );
}

/** The request's form: a link to its page once fapiao-hub has recorded it, the channel's number and state until then. */
function FormLink({ view }: { view: RedFlushView }) {
  const form = useFormOfRequest(view);
  if (!view.form) return <>—</>;
  const state = view.form.state ? `（${FORM_STATES[view.form.state] ?? view.form.state}）` : '';
  if (!form.data) return <>{`${view.form.billId}${state}`}</>;
  return (
    <Link to={`/red-confirm-forms/${form.data.id}`} data-testid="request-form-link">
      {`${form.data.billNo ?? view.form.billId}（${form.data.stateLabel}）`}
    </Link>
  );
}

function Header({ view }: { view: RedFlushView }) {
  const { request } = view;
  const asker = askerOf(request);
  return (
    <HeaderDescriptions
      items={[
        { key: 'state', label: '状态', children: <StateTag state={request.state} label={request.stateLabel} /> },
        { key: 'kind', label: '红冲方式', children: KIND_LABELS[request.kind] },
        { key: 'reason', label: '红冲原因', children: request.reasonLabel },
        { key: 'amount', label: '红冲金额（不含税）', children: <Money value={request.amount} /> },
        { key: 'tax', label: '红冲税额', children: <Money value={request.tax} /> },
        {
          key: 'total',
          label: '红冲价税合计',
          children: (
            <span data-testid="request-total">
              <Money value={request.total} strong />
            </span>
          ),
        },
        { key: 'path', label: '办理方式', children: PATH_LABELS[request.path], span: 2 },
        { key: 'channel', label: '渠道', children: request.channelCode },
        { key: 'asker', label: '申请人', children: `${asker.kind} ${asker.name}` },
        { key: 'orderNo', label: '来源单号', children: text(request.orderNo) },
        { key: 'seller', label: '销方税号', children: request.sellerTaxNo },
        { key: 'created', label: '申请时间', children: formatDateTime(request.createdAt) },
        { key: 'updated', label: '最近更新', children: formatDateTime(request.updatedAt) },
        request.path === 'info_sheet'
          ? {
              key: 'infoSheet',
              label: '红字信息表编号',
              children: <span data-testid="request-info-sheet">{text(request.infoSheetNo)}</span>,
            }
          : { key: 'form', label: '红字确认单', children: <FormLink view={view} /> },
        {
          key: 'lastAnswer',
          label: '渠道最近答复',
          span: 2,
          children: view.lastAnswer
            ? `${formatDateTime(view.lastAnswer.at)} ${[view.lastAnswer.code, view.lastAnswer.message].filter(Boolean).join(' ')}`
            : '尚未答复',
        },
        {
          key: 'id',
          label: '申请编号',
          span: 3,
          children: (
            <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} style={{ fontVariantNumeric: 'tabular-nums' }}>
              {request.id}
            </Typography.Text>
          ),
        },
      ]}
    />
  );
}

function Invoices({ view }: { view: RedFlushView }) {
  const { blueInvoice, redInvoice, figures, request } = view;
  return (
    <Descriptions
      size="small"
      column={4}
      items={[
        {
          key: 'blue',
          label: '蓝字发票',
          children: (
            <Link to={`/invoices/${blueInvoice.id}`} data-testid="blue-invoice-link">
              {blueInvoice.invoiceNumber}
            </Link>
          ),
        },
        { key: 'type', label: '发票种类', children: label(INVOICE_TYPE_CODES, request.invoiceTypeCode), span: 2 },
        { key: 'date', label: '开票日期', children: formatDate(blueInvoice.invoiceDate) },
        { key: 'total', label: '价税合计', children: <Money value={figures.totalPriceTax} /> },
        { key: 'flushed', label: '已红冲', children: <Money value={figures.redFlushedTotal} /> },
        { key: 'held', label: '待开中的红冲', children: <Money value={figures.heldByOpenRequests} /> },
        { key: 'remaining', label: '剩余可红冲', children: <Money value={figures.remaining} strong /> },
        {
          key: 'red',
          label: '红字发票',
          span: 4,
          children: redInvoice ? (
            <Space>
              <Link to={`/invoices/${redInvoice.id}`} data-testid="red-invoice-link">
                {redInvoice.invoiceNumber}
              </Link>
              <Typography.Text type="secondary">
                {formatDate(redInvoice.invoiceDate)} · {label(INVOICING_STATUSES, redInvoice.invoicingStatus)}
              </Typography.Text>
              <Money value={redInvoice.invoiceTotalPriceTax} red />
            </Space>
          ) : (
            <Typography.Text type="secondary">尚未开具</Typography.Text>
          ),
        },
      ]}
    />
  );
}

/** The 红字信息表 number as the API takes it: 16 digits (typed full-width or with spaces, it is the same number). */
const INFO_SHEET_NO = /^\d{16}$/;
const infoSheetNoOf = (typed: string | undefined) => halfWidth(typed ?? '').replace(/\s+/g, '');

/**
 * A 税控专用发票's request waits for the 红字信息表 the bureau issued: an
 * operator types its number here (checked as the API checks it), confirms,
 * and the channel is asked for the red invoice with it. The API's refusals
 * are shown as it words them: a number it does not take at the field, a
 * request no longer waiting (409) above it.
 */
function InfoSheetCard({ view }: { view: RedFlushView }) {
  const session = useSession();
  const { message, modal } = App.useApp();
  const give = useGiveInfoSheet(view.request.id);
  const once = useOnce();
  const [form] = Form.useForm<{ infoSheetNo: string }>();
  const [failure, setFailure] = useState<string>();
  if (!hasScope(session.data, 'redflush')) {
    return (
      <Alert
        type="warning"
        showIcon
        title="等待填写红字信息表编号"
        description="税控专用发票须先取得税局出具的红字信息表，由操作员或管理员在本页填写其编号后，才会向渠道申请开具红字发票。"
      />
    );
  }

  const send = async (number: string) => {
    setFailure(undefined);
    try {
      const after = await give.mutateAsync(number);
      form.resetFields();
      message.success(`已填写红字信息表编号，红冲申请现为「${after.request.stateLabel}」`);
    } catch (error) {
      const atField =
        error instanceof ApiError && error.status === 400 ? error.errors.find((field) => field.pointer === '/infoSheetNo') : undefined;
      if (atField) form.setFields([{ name: 'infoSheetNo', errors: [forClerk(fieldReason(atField))] }]);
      else setFailure(describeError(error));
    }
  };

  const ask = (values: { infoSheetNo: string }) =>
    once.run(async () => {
      const number = infoSheetNoOf(values.infoSheetNo);
      await new Promise<void>((resolve) => {
        modal.confirm({
          title: `确认红字信息表编号 ${number}？`,
          content: '提交后将按此编号向渠道申请开具红字发票，请核对无误。',
          okText: '提交',
          cancelText: '取消',
          onOk: () => send(number).finally(resolve),
          onCancel: () => resolve(),
        });
      });
    });

  return (
    <Card title="填写红字信息表编号" variant="borderless" data-testid="info-sheet">
      <Flex vertical gap={12}>
        <Typography.Text type="secondary">
          税控专用发票须先在税控系统或电子税务局申请红字信息表，取得税局出具的 16 位编号后在此填写；系统随即按此编号向渠道申请开具红字发票。
        </Typography.Text>
        <Form<{ infoSheetNo: string }> form={form} layout="inline" onFinish={(values) => void ask(values)} requiredMark={false}>
          <Form.Item
            label="红字信息表编号"
            name="infoSheetNo"
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  const number = infoSheetNoOf(value);
                  if (number === '') throw new Error('请输入红字信息表编号');
                  if (!INFO_SHEET_NO.test(number)) throw new Error('应为 16 位数字（税局出具的红字信息表编号）');
                },
              },
            ]}
          >
            <Input placeholder="16 位数字" inputMode="numeric" maxLength={32} autoComplete="off" style={{ width: 240 }} />
          </Form.Item>
          <Form.Item>
            <Button type="primary" htmlType="submit" loading={once.busy}>
              提交编号
            </Button>
          </Form.Item>
        </Form>
        {failure && <Alert type="error" showIcon title="未能填写" description={failure} data-testid="info-sheet-failure" />}
      </Flex>
    </Card>
  );
}

export function RequestDetailPage() {
  const { id } = useParams();
  const request = useRedFlush(id);

  if (!request.isSuccess) {
    return (
      <DetailPending
        query={request}
        backTo="/red-flush-requests"
        missingTitle="红冲申请不存在"
        missingText="没有这笔红冲申请，或您无权查看。"
      />
    );
  }

  const view = request.data;
  return (
    <Flex vertical gap={16}>
      <DetailHeaderCard
        backTo="/red-flush-requests"
        title={`红冲申请 · 发票 ${view.request.invoiceNumber}`}
        extra={
          <Button onClick={() => void request.refetch()} loading={request.isFetching}>
            刷新
          </Button>
        }
      >
        <Header view={view} />
      </DetailHeaderCard>

      {view.request.state === 'info_sheet_required' && <InfoSheetCard view={view} />}

      <Card title="发票" variant="borderless">
        <Invoices view={view} />
      </Card>

      {view.rows.length > 0 && (
        <Card title={`红冲明细（${view.rows.length} 行）`} variant="borderless">
          <Table<RedFlushRow> rowKey="detailRowNo" size="small" columns={rowColumns} dataSource={view.rows} pagination={false} />
        </Card>
      )}

      <Card title={`处理记录（${view.events.length} 条）`} variant="borderless">
        <Events events={view.events} />
      </Card>

      <ChannelCallsCard calls={view.channelCalls.map((call) => ({ ...call, code: call.answerCode, message: call.answerMessage }))} />
    </Flex>
  );
}
