/**
 * The confirmation view of 发票红冲 (seed 002 step ②): one card per
 * selected invoice with its reason (1–4) and full or partial red flush
 * (the rows' tax-exclusive amounts editable). Every amount shown — the
 * negative rows, the tax, the total, what is left afterwards — is the
 * server's preview (`POST /api/openapi/v2/red-flushes/preview`), asked
 * again whenever an input changes; the browser computes nothing. 提交红冲
 * sends them all in one batch (`redPunchBatch`) with an Idempotency-Key,
 * so a retry after a lost answer does not ask twice.
 *
 * The invoices are the page's (移出本次红冲 unticks one there too), and
 * what is typed here lives here only: leaving the view (返回选择, the
 * browser's Back) drops it, and the view starts afresh when shown again.
 */
import { ArrowLeftOutlined, CloseOutlined, InfoCircleOutlined, RollbackOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Form,
  type FormInstance,
  Input,
  Radio,
  Select,
  Skeleton,
  Space,
  Spin,
  Table,
  type TableColumnsType,
  Tag,
  Typography,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Money } from '../../components/Money.tsx';
import { ApiError, describeError, forClerk } from '../../lib/api.ts';
import { formatNumber, formatRate } from '../../lib/format.ts';
import type { InvoiceDetailRecord, InvoiceRecord, RedFlushPreview, RedFlushRequestBody, RedFlushRow } from '../../lib/schemas.ts';
import { readAmount } from '../../lib/typed.ts';
import { INVOICE_TYPE_CODES, label } from '../invoices/labels.ts';
import { type BatchResult, newIdempotencyKey, useInvoiceView, usePreview, useSubmitBatch } from './api.ts';
import { PATH_LABELS, pathOf, REASON_LABELS, wholeOnly } from './labels.ts';

type Reason = RedFlushRequestBody['reason'];

interface InvoiceValues {
  reason?: Reason;
  kind: 'full' | 'partial';
  /** Tax-exclusive amounts to reverse, by row key (`row0`…), as typed. */
  amounts?: Record<string, string | undefined>;
}

type Values = Record<string, InvoiceValues>;

const REASON_OPTIONS = (Object.entries(REASON_LABELS) as [string, string][]).map(([value, text]) => ({
  value: Number(value) as Reason,
  label: `${value} ${text}`,
}));

const ZERO = /^0(?:\.0{1,2})?$/;

const fieldOf = (invoice: InvoiceRecord) => `invoice${invoice.id}`;

/** A positive figure of the API written as the red invoice carries it: "30.00" → "-30.00" (a sign, no arithmetic). */
const negative = (value: string) => (ZERO.test(value) ? value : `-${value}`);
const rowKey = (index: number) => `row${index}`;

/** The request body of one invoice as the form stands; undefined while it is not complete. */
function bodyOf(invoice: InvoiceRecord, values: InvoiceValues | undefined, rows: readonly InvoiceDetailRecord[] | undefined) {
  if (!values?.reason) return undefined;
  const body: RedFlushRequestBody = {
    channelCode: invoice.channelCode,
    reason: values.reason,
    invoiceTypeCode: invoice.invoiceTypeCode as RedFlushRequestBody['invoiceTypeCode'],
    sellerTaxNo: invoice.sellerTaxNo,
    invoiceCode: invoice.invoiceCode,
    invoiceNumber: invoice.invoiceNumber,
  };
  if (values.kind === 'full') return body;
  if (!rows) return undefined;
  // Each amount as the API takes it (`1,074.26` → `1074.26`, full-width digits → ASCII), checked as the API checks it.
  const details = rows.flatMap((row, index) => {
    const reading = readAmount(values.amounts?.[rowKey(index)] ?? '');
    return reading && 'amount' in reading ? [{ detailRowNo: row.detailRowNo, amount: reading.amount }] : [];
  });
  const typed = Object.values(values.amounts ?? {}).filter((amount) => readAmount(amount ?? '') !== undefined);
  // Every typed amount must be valid before the server is asked.
  if (details.length === 0 || details.length !== typed.length) return undefined;
  return { ...body, details };
}

/** The value after it has stayed the same for `ms` (so that typing does not ask the server at every key). */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the JSON text stands for the value
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [key, ms]);
  return settled;
}

export function ConfirmRedFlush({
  invoices,
  onRemove,
  onBack,
  onDone,
}: {
  invoices: InvoiceRecord[];
  onRemove: (invoice: InvoiceRecord) => void;
  onBack: () => void;
  onDone: (invoices: InvoiceRecord[], result: BatchResult) => void;
}) {
  const { modal, message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [rowsOf, setRowsOf] = useState<Record<string, readonly InvoiceDetailRecord[]>>({});
  const [failure, setFailure] = useState<string>();
  // One key per submission as it stands: a retry of the same submission is answered, not done again.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);
  const submit = useSubmitBatch();

  // Read by the form once, when the view is shown (an invoice removed later keeps its place in the form, unused).
  const [initialValues] = useState(() => Object.fromEntries(invoices.map((invoice) => [fieldOf(invoice), { kind: 'full' as const }])));
  // The dialog goes with the view: after the browser's Back it cannot send the batch from the list.
  const dialog = useRef<{ destroy: () => void }>(undefined);
  useEffect(() => () => dialog.current?.destroy(), []);

  const send = async () => {
    setFailure(undefined);
    let values: Values;
    try {
      values = await form.validateFields();
    } catch {
      message.error('请先补全每张发票的红冲信息');
      return;
    }
    const items = invoices.map((invoice) => bodyOf(invoice, values[fieldOf(invoice)], rowsOf[invoice.id]));
    if (items.some((item) => item === undefined)) {
      message.error('请先补全每张发票的红冲信息');
      return;
    }
    dialog.current = modal.confirm({
      title: `确认红冲 ${invoices.length} 张发票？`,
      content: '提交后将逐张向渠道申请红冲；无法红冲的发票会列出原因，其余照常办理。',
      okText: '确认红冲',
      okButtonProps: { danger: true },
      cancelText: '取消',
      onOk: () =>
        submit.mutateAsync({ items: items as RedFlushRequestBody[], idempotencyKey }).then(
          (result) => onDone(invoices, result),
          (error: unknown) => {
            setFailure(error instanceof ApiError && error.status < 500 ? forClerk(error.detail) : describeError(error));
          },
        ),
    });
  };

  const remove = (invoice: InvoiceRecord) => {
    onRemove(invoice);
    setIdempotencyKey(newIdempotencyKey());
  };

  const setReasonOfAll = (reason: Reason) => {
    form.setFieldsValue(Object.fromEntries(invoices.map((invoice) => [fieldOf(invoice), { reason }])) as Values);
    setIdempotencyKey(newIdempotencyKey());
  };

  return (
    <Form<Values>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onValuesChange={() => setIdempotencyKey(newIdempotencyKey())}
      requiredMark={false}
    >
      <Flex vertical gap={16}>
        <Card variant="borderless" styles={{ body: { padding: '12px 24px' } }}>
          <Flex justify="space-between" align="center" gap={16} wrap>
            <Space>
              <Typography.Text strong>共 {invoices.length} 张发票</Typography.Text>
              <Typography.Text type="secondary">核对每张发票的红冲原因与金额；金额、税额由系统按发票计算。</Typography.Text>
            </Space>
            <Space>
              <Typography.Text>批量设置红冲原因</Typography.Text>
              <Select<Reason>
                placeholder="请选择"
                options={REASON_OPTIONS}
                style={{ width: 140 }}
                onChange={setReasonOfAll}
                aria-label="批量设置红冲原因"
              />
            </Space>
          </Flex>
        </Card>

        {invoices.map((invoice, index) => (
          <InvoiceCard
            key={invoice.id}
            index={index}
            invoice={invoice}
            form={form}
            onRows={(rows) => setRowsOf((known) => (known[invoice.id] === rows ? known : { ...known, [invoice.id]: rows }))}
            onRemove={invoices.length > 1 ? () => remove(invoice) : undefined}
          />
        ))}

        {failure && <Alert type="error" showIcon title="提交失败" description={failure} data-testid="submit-failure" />}
        <Card variant="borderless" styles={{ body: { padding: '12px 24px' } }}>
          <Flex justify="space-between">
            <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
              返回选择
            </Button>
            <Button type="primary" danger icon={<RollbackOutlined />} loading={submit.isPending} onClick={() => void send()}>
              提交红冲（{invoices.length} 张）
            </Button>
          </Flex>
        </Card>
      </Flex>
    </Form>
  );
}

function InvoiceCard({
  index,
  invoice,
  form,
  onRows,
  onRemove,
}: {
  index: number;
  invoice: InvoiceRecord;
  form: FormInstance<Values>;
  onRows: (rows: readonly InvoiceDetailRecord[]) => void;
  onRemove: (() => void) | undefined;
}) {
  const field = fieldOf(invoice);
  const values = Form.useWatch([field], form) as InvoiceValues | undefined;
  const partial = values?.kind === 'partial';
  // A tax-control invoice's red invoice is asked for whole (seed 002: 仅支持全额红冲); the API refuses a partial one.
  const whole = wholeOnly(pathOf(invoice.invoiceTypeCode));
  // The invoice as it stands: its rows for a partial red flush, and what is left of it while no preview says so.
  const view = useInvoiceView(invoice.id, true);
  const rows = view.data?.details;
  useEffect(() => {
    if (rows) onRows(rows);
  }, [rows, onRows]);
  // Asked once the inputs have settled; but as soon as they are incomplete or wrong, nothing is asked and nothing stale is shown.
  const current = bodyOf(invoice, values, rows);
  const settled = useSettled(current, 350);
  const preview = usePreview(current === undefined ? undefined : settled);
  const blue = view.data?.redFlush?.side === 'blue' ? view.data.redFlush : undefined;
  const figures = preview.data?.figures ?? blue;

  return (
    <Card
      variant="borderless"
      data-testid={`confirm-${invoice.invoiceNumber}`}
      title={
        <Space size={12} wrap>
          <Typography.Text type="secondary">{index + 1}.</Typography.Text>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{invoice.invoiceNumber}</span>
          <Tag style={{ marginInlineEnd: 0 }}>{label(INVOICE_TYPE_CODES, invoice.invoiceTypeCode)}</Tag>
          <Typography.Text type="secondary" style={{ fontWeight: 'normal' }}>
            {invoice.buyerName}
          </Typography.Text>
        </Space>
      }
      extra={
        onRemove && (
          <Button type="text" size="small" icon={<CloseOutlined />} onClick={onRemove}>
            移出本次红冲
          </Button>
        )
      }
    >
      <Flex gap={24} wrap align="flex-start">
        <Form.Item
          label="红冲原因"
          name={[field, 'reason']}
          rules={[{ required: true, message: '请选择红冲原因' }]}
          style={{ width: 180, marginBottom: 12 }}
        >
          <Select<Reason> options={REASON_OPTIONS} placeholder="请选择" aria-label={`${invoice.invoiceNumber} 红冲原因`} />
        </Form.Item>
        <Form.Item label="红冲方式" name={[field, 'kind']} extra={whole ? '税控发票只能全额红冲' : undefined} style={{ marginBottom: 12 }}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'full', label: '全额红冲' },
              { value: 'partial', label: '部分红冲', disabled: whole },
            ]}
          />
        </Form.Item>
        <Descriptions
          size="small"
          column={{ xs: 1, sm: 2, xl: 4 }}
          style={{ flex: 1, minWidth: 320 }}
          data-testid="invoice-figures"
          items={[
            {
              key: 'total',
              label: '价税合计',
              children: <Money value={figures?.totalPriceTax ?? invoice.invoiceTotalPriceTax} />,
            },
            { key: 'flushed', label: '已红冲', children: <Money value={figures?.redFlushedTotal} /> },
            { key: 'held', label: '待开中的红冲', children: <Money value={figures?.heldByOpenRequests} /> },
            { key: 'remaining', label: '剩余可红冲', children: <Money value={figures?.remaining} strong /> },
          ]}
        />
      </Flex>

      {partial && <PartialRows field={field} invoice={invoice} view={view} />}

      <PreviewResult values={values} partial={partial} preview={preview} />
    </Card>
  );
}

function PartialRows({ field, invoice, view }: { field: string; invoice: InvoiceRecord; view: ReturnType<typeof useInvoiceView> }) {
  if (view.isPending) return <Skeleton active paragraph={{ rows: 2 }} />;
  if (view.isError) return <Alert type="error" showIcon title={describeError(view.error)} />;
  const columns: TableColumnsType<InvoiceDetailRecord> = [
    { title: '行号', dataIndex: 'detailRowNo', width: 52 },
    {
      title: '货物或应税劳务、服务名称',
      dataIndex: 'goodsName',
      render: (name: string, row) => (
        <Flex vertical style={{ minWidth: 0 }}>
          <Typography.Text ellipsis={{ tooltip: name }}>{name}</Typography.Text>
          {row.invRowType === 1 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              折扣行：随被折扣行冲减
            </Typography.Text>
          )}
          {row.invRowType === 2 && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              被折扣行：按折扣后金额冲减
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    { title: '数量', dataIndex: 'goodsNum', width: 72, align: 'right', render: (value: string | null) => formatNumber(value) },
    { title: '金额（不含税）', dataIndex: 'goodsCost', width: 128, align: 'right', render: (value: string) => <Money value={value} /> },
    { title: '税率', dataIndex: 'taxRate', width: 60, align: 'right', render: (value: string | null) => formatRate(value) },
    { title: '税额', dataIndex: 'goodsVat', width: 100, align: 'right', render: (value: string) => <Money value={value} /> },
    {
      title: '本次红冲金额（不含税）',
      key: 'amount',
      width: 170,
      render: (_value, row, index) =>
        row.invRowType === 1 ? (
          <Typography.Text type="secondary">—</Typography.Text>
        ) : (
          <Form.Item
            name={[field, 'amounts', rowKey(index)]}
            style={{ marginBottom: 0 }}
            rules={[
              {
                validator: async (_rule, value: string | undefined) => {
                  const reading = readAmount(value ?? '');
                  if (reading && 'problem' in reading) throw new Error(reading.problem);
                },
              },
            ]}
          >
            <Input
              prefix="¥"
              placeholder="不冲减留空"
              inputMode="decimal"
              maxLength={16}
              styles={{ input: { textAlign: 'right', fontVariantNumeric: 'tabular-nums' } }}
              aria-label={`${invoice.invoiceNumber} 第 ${row.detailRowNo} 行红冲金额`}
            />
          </Form.Item>
        ),
    },
  ];
  return (
    <Table<InvoiceDetailRecord>
      rowKey={(row) => `${row.billNumber}/${row.detailRowNo}`}
      size="small"
      columns={columns}
      dataSource={view.data.details}
      pagination={false}
      style={{ marginBottom: 12 }}
      // Fits the card at 1024 px (the name column takes what is left, ellipsised with a tooltip); narrower, it scrolls.
      scroll={{ x: 720 }}
      title={() => (
        <Typography.Text type="secondary">
          <InfoCircleOutlined /> 在要冲减的明细行填写本次红冲的不含税金额（正数），税额按行税率计算；不冲减的行留空。
        </Typography.Text>
      )}
    />
  );
}

const previewColumns: TableColumnsType<RedFlushRow> = [
  { title: '行号', dataIndex: 'detailRowNo', width: 52 },
  { title: '名称', dataIndex: 'goodsName', ellipsis: true },
  { title: '数量', dataIndex: 'quantity', width: 80, align: 'right', render: (value: string | null) => formatNumber(value) },
  { title: '金额', dataIndex: 'amount', width: 120, align: 'right', render: (value: string) => <Money value={value} red /> },
  { title: '税率', dataIndex: 'taxRate', width: 60, align: 'right', render: (value: string) => formatRate(value) },
  { title: '税额', dataIndex: 'tax', width: 110, align: 'right', render: (value: string) => <Money value={value} red /> },
];

/** The server's answer for this invoice: the red invoice's figures, or why it cannot be red-flushed. */
function PreviewResult({
  values,
  partial,
  preview,
}: {
  values: InvoiceValues | undefined;
  partial: boolean;
  preview: ReturnType<typeof usePreview>;
}) {
  if (!values?.reason) {
    return <Alert type="info" showIcon title="选择红冲原因后，系统计算本次红冲的金额与税额" />;
  }
  if (partial && !preview.data && !preview.isFetching && !preview.isError) {
    return <Alert type="info" showIcon title="填写至少一行的红冲金额后，系统计算税额与合计" />;
  }
  if (preview.isError) {
    const error = preview.error;
    return (
      <Alert
        type="error"
        showIcon
        title="这张发票不能按此红冲"
        description={error instanceof ApiError && error.status < 500 ? forClerk(error.detail) : describeError(error)}
        data-testid="preview-refusal"
      />
    );
  }
  const data: RedFlushPreview | undefined = preview.data;
  if (!data) return <Spin />;
  return (
    <Spin spinning={preview.isFetching} delay={200}>
      <Flex vertical gap={12} data-testid="preview">
        {data.rows.length > 0 && (
          <Table<RedFlushRow>
            rowKey="detailRowNo"
            size="small"
            columns={previewColumns}
            dataSource={data.rows}
            pagination={false}
            title={() => <Typography.Text strong>红字发票明细（系统计算）</Typography.Text>}
          />
        )}
        <Descriptions
          bordered
          size="small"
          column={{ xs: 1, sm: 2, xl: 4 }}
          styles={{ label: { whiteSpace: 'nowrap' }, content: { textAlign: 'right', whiteSpace: 'nowrap' } }}
          data-testid="preview-summary"
          items={[
            { key: 'amount', label: '红冲金额（不含税）', children: <Money value={negative(data.amount)} red /> },
            { key: 'tax', label: '红冲税额', children: <Money value={negative(data.tax)} red /> },
            {
              key: 'total',
              label: '红冲价税合计',
              children: (
                <span data-testid="preview-total">
                  <Money value={negative(data.total)} red strong />
                </span>
              ),
            },
            { key: 'after', label: '红冲后剩余可红冲', children: <Money value={data.remainingAfter} /> },
          ]}
        />
        <Typography.Text type="secondary">办理方式：{PATH_LABELS[data.path]}</Typography.Text>
      </Flex>
    </Spin>
  );
}
