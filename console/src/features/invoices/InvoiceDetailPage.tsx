/**
 * 发票详情: the header as the invoice reads, its detail rows, what the
 * checks found (code, what it means, the figures), its red-flush side
 * (a blue invoice's red invoices and what is left; a red invoice's blue
 * one), and every receipt of it from the channels.
 */
import { InfoCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Flex,
  Space,
  Table,
  type TableColumnsType,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { Link, useNavigate, useParams } from 'react-router';
import { DetailHeaderCard, DetailPending, HeaderDescriptions, text } from '../../components/Detail.tsx';
import { Money } from '../../components/Money.tsx';
import { formatDate, formatDateTime, formatMoney, formatNumber, formatPrice, formatRate } from '../../lib/format.ts';
import type {
  Finding,
  InvoiceDetailRecord,
  InvoiceHistoryEntry,
  InvoiceRecord,
  InvoiceView,
  LinkedRedInvoice,
  OpenRedFlushRequest,
} from '../../lib/schemas.ts';
import { hasScope, useSession } from '../auth/session.ts';
import { useInvoice } from './api.ts';
import {
  DETAIL_ROW_TYPES,
  FIGURES,
  FINDINGS,
  HISTORY_CHANGES,
  INVOICE_TYPE_CODES,
  INVOICING_STATUSES,
  label,
  pointerLabel,
  SEVERITIES,
} from './labels.ts';
import { RedFlushTag, StatusTags } from './parts.tsx';

function headerItems(invoice: InvoiceRecord): DescriptionsProps['items'] {
  const red = invoice.invoiceType === 1;
  const items: DescriptionsProps['items'] = [
    { key: 'invoiceCode', label: '发票代码', children: invoice.invoiceCode || '无（数电发票）' },
    { key: 'invoiceNumber', label: '发票号码', children: <span data-testid="invoice-number">{invoice.invoiceNumber}</span> },
    { key: 'invoiceTypeCode', label: '发票种类', children: label(INVOICE_TYPE_CODES, invoice.invoiceTypeCode) },
    { key: 'invoiceDate', label: '开票日期', children: formatDate(invoice.invoiceDate) },
    { key: 'status', label: '状态', children: <StatusTags invoice={invoice} /> },
    { key: 'redFlushStatus', label: '红冲状态', children: <RedFlushTag status={invoice.redFlushStatus} /> },
    { key: 'sellerName', label: '销方名称', children: invoice.sellerName, span: 2 },
    { key: 'sellerTaxNo', label: '销方税号', children: invoice.sellerTaxNo },
    { key: 'buyerName', label: '购方名称', children: invoice.buyerName, span: 2 },
    { key: 'buyerTaxNo', label: '购方税号', children: text(invoice.buyerTaxNo) },
    { key: 'invoiceAmount', label: '金额（不含税）', children: <Money value={invoice.invoiceAmount} red={red} /> },
    { key: 'invoiceTaxRate', label: '税率', children: formatRate(invoice.invoiceTaxRate) },
    { key: 'invoiceTaxAmount', label: '税额', children: <Money value={invoice.invoiceTaxAmount} red={red} /> },
    {
      key: 'invoiceTotalPriceTax',
      label: '价税合计',
      children: (
        <span data-testid="total-price-tax">
          ¥ <Money value={invoice.invoiceTotalPriceTax} red={red} strong />
        </span>
      ),
    },
    { key: 'drawer', label: '开票人', children: text(invoice.drawer) },
    { key: 'checker', label: '复核人', children: text(invoice.checker) },
    { key: 'payee', label: '收款人', children: text(invoice.payee) },
    { key: 'checkCode', label: '校验码', children: text(invoice.checkCode) },
    { key: 'orderNo', label: '来源单号', children: text(invoice.orderNo) },
    { key: 'channelCode', label: '渠道', children: invoice.channelCode },
    { key: 'serialNo', label: '批次号', children: text(invoice.serialNo) },
    { key: 'invoicingDate', label: '开票完成时间', children: formatDateTime(invoice.invoicingDate) },
  ];
  if (red) {
    items.push(
      { key: 'originalInvoiceCode', label: '原蓝票代码', children: text(invoice.originalInvoiceCode) },
      { key: 'originalInvoiceNumber', label: '原蓝票号码', children: text(invoice.originalInvoiceNumber) },
    );
  }
  items.push(
    { key: 'invoicingRemark', label: '备注', children: text(invoice.invoicingRemark), span: 3 },
    { key: 'createdAt', label: '首次接收', children: formatDateTime(invoice.createdAt) },
    { key: 'updatedAt', label: '最近更新', children: formatDateTime(invoice.updatedAt) },
    { key: 'voidedAt', label: '作废时间', children: formatDateTime(invoice.voidedAt) },
  );
  return items;
}

const detailColumns: TableColumnsType<InvoiceDetailRecord> = [
  { title: '行号', dataIndex: 'detailRowNo', width: 52 },
  {
    title: '货物或应税劳务、服务名称',
    dataIndex: 'goodsName',
    render: (name: string, row) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text ellipsis={{ tooltip: name }}>{name}</Typography.Text>
        {row.taxTaxonomyCode && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            税收分类编码 {row.taxTaxonomyCode}
          </Typography.Text>
        )}
      </Flex>
    ),
  },
  { title: '规格型号', dataIndex: 'goodsSpecification', width: 96, ellipsis: { showTitle: true }, render: text },
  { title: '单位', dataIndex: 'goodsUnit', width: 52, render: text },
  { title: '数量', dataIndex: 'goodsNum', width: 80, align: 'right', render: (value: string | null) => formatNumber(value) },
  {
    title: '单价（不含税）',
    dataIndex: 'goodsPrice',
    width: 120,
    align: 'right',
    render: (value: string | null) => <span title={value ?? undefined}>{formatPrice(value)}</span>,
  },
  { title: '金额', dataIndex: 'goodsCost', width: 112, align: 'right', render: (value: string) => <Money value={value} /> },
  { title: '税率', dataIndex: 'taxRate', width: 60, align: 'right', render: (value: string | null) => formatRate(value) },
  { title: '税额', dataIndex: 'goodsVat', width: 100, align: 'right', render: (value: string) => <Money value={value} /> },
  { title: '行性质', dataIndex: 'invRowType', width: 72, render: (value: number | null) => label(DETAIL_ROW_TYPES, value ?? 0) },
];

const historyColumns: TableColumnsType<InvoiceHistoryEntry> = [
  { title: '接收时间', dataIndex: 'recordedAt', width: 170, render: (ms: number) => formatDateTime(ms) },
  { title: '处理结果', dataIndex: 'change', width: 200, render: (change: string) => label(HISTORY_CHANGES, change) },
  { title: '发票状态', dataIndex: 'invoicingStatus', width: 90, render: (status: string) => label(INVOICING_STATUSES, status) },
  { title: '渠道', dataIndex: 'channelCode', width: 110 },
  { title: '批次号', dataIndex: 'serialNo', render: text },
  { title: '推送应用', dataIndex: 'appName', width: 160 },
  {
    title: '原始报文',
    dataIndex: 'pushId',
    width: 100,
    render: (pushId: string) => (
      <Link to={`/pushes/${pushId}`} data-testid="push-link">
        推送 {pushId}
      </Link>
    ),
  },
];

const FIGURE_ORDER = Object.keys(FIGURES);

/** The figures a finding names, in a fixed order, amounts formatted. */
function Figures({ figures }: { figures: Finding['figures'] }) {
  const rank = (name: string) => (FIGURE_ORDER.includes(name) ? FIGURE_ORDER.indexOf(name) : FIGURE_ORDER.length);
  const entries = Object.entries(figures).sort(([a], [b]) => rank(a) - rank(b));
  if (entries.length === 0) return <>—</>;
  return (
    <Space size={[12, 0]} wrap>
      {entries.map(([name, value]) => (
        <span key={name} style={{ whiteSpace: 'nowrap' }}>
          <Typography.Text type="secondary">{FIGURES[name] ?? name}：</Typography.Text>
          <span style={{ fontVariantNumeric: 'tabular-nums' }}>{/^-?\d+\.\d+$/.test(value) ? formatMoney(value) : value}</span>
        </span>
      ))}
    </Space>
  );
}

const findingColumns: TableColumnsType<Finding> = [
  {
    title: '级别',
    dataIndex: 'severity',
    width: 64,
    render: (severity: string) => <Tag color={SEVERITIES[severity]?.color}>{SEVERITIES[severity]?.label ?? severity}</Tag>,
  },
  {
    title: '检查项',
    dataIndex: 'code',
    width: 300,
    render: (code: Finding['code']) => (
      <Flex vertical>
        <span>{FINDINGS[code] ?? code}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: code, tooltips: ['复制代码', '已复制'] }}>
          {code}
        </Typography.Text>
      </Flex>
    ),
  },
  { title: '涉及数值', dataIndex: 'figures', render: (figures: Finding['figures']) => <Figures figures={figures} /> },
  {
    title: '位置',
    dataIndex: 'pointer',
    width: 200,
    render: (pointer: string, finding) => (
      <Space size={4}>
        <span>{pointerLabel(pointer)}</span>
        <Tooltip title={<span style={{ fontSize: 12 }}>{`${pointer || '/'}: ${finding.message}`}</span>}>
          <InfoCircleOutlined style={{ color: 'rgba(0, 0, 0, 0.45)', cursor: 'help' }} aria-label="系统说明" />
        </Tooltip>
      </Space>
    ),
  },
];

const redColumns: TableColumnsType<LinkedRedInvoice> = [
  {
    title: '红票号码',
    dataIndex: 'invoiceNumber',
    render: (number: string, red) => <Link to={`/invoices/${red.id}`}>{red.invoiceCode ? `${red.invoiceCode} / ${number}` : number}</Link>,
  },
  { title: '开票日期', dataIndex: 'invoiceDate', width: 110, render: (ms: number) => formatDate(ms) },
  {
    title: '价税合计（按推送）',
    dataIndex: 'invoiceTotalPriceTax',
    width: 160,
    align: 'right',
    render: (value: string | null) => <Money value={value} red />,
  },
  { title: '冲减金额', dataIndex: 'amount', width: 130, align: 'right', render: (value: string) => <Money value={value} /> },
  {
    title: '状态',
    key: 'counted',
    width: 150,
    render: (_value, red) => (red.counted ? <Tag color="green">计入已红冲</Tag> : <Tag>已作废，不计入</Tag>),
  },
];

const openRequestColumns: TableColumnsType<OpenRedFlushRequest> = [
  { title: '申请时间', dataIndex: 'createdAt', width: 170, render: (ms: number) => formatDateTime(ms) },
  { title: '状态', dataIndex: 'stateLabel', width: 140, render: (stateLabel: string) => <Tag color="processing">{stateLabel}</Tag> },
  { title: '红冲方式', dataIndex: 'kind', width: 100, render: (kind: string) => (kind === 'full' ? '全额红冲' : '部分红冲') },
  { title: '占用金额（价税合计）', dataIndex: 'total', width: 170, align: 'right', render: (value: string) => <Money value={value} /> },
  { title: '来源单号', dataIndex: 'orderNo', render: text },
  { title: '操作', key: 'actions', width: 72, render: (_value, request) => <Link to={`/red-flush-requests/${request.id}`}>详情</Link> },
];

function RedFlushCard({ view, canFlush }: { view: InvoiceView; canFlush: boolean }) {
  const navigate = useNavigate();
  const { redFlush } = view;
  if (redFlush.side === 'red') {
    return (
      <Card title="红冲情况" variant="borderless">
        <Descriptions
          column={3}
          size="small"
          items={[
            { key: 'status', label: '关联状态', children: <RedFlushTag status={redFlush.status} /> },
            { key: 'amount', label: '冲减金额', children: <Money value={redFlush.amount} /> },
            {
              key: 'blue',
              label: '原蓝字发票',
              children: redFlush.blue ? (
                <Link to={`/invoices/${redFlush.blue.id}`}>{redFlush.blue.invoiceNumber}</Link>
              ) : (
                <Typography.Text type="warning">
                  未找到（{text(redFlush.originalInvoiceNumber)}
                  {redFlush.originalInvoiceNumber ? ' 尚未推送或无权查看' : ' 未注明原蓝票'}）
                </Typography.Text>
              ),
            },
          ]}
        />
      </Card>
    );
  }
  const record = view.invoice;
  // Something left: `remaining` is a decimal string above zero (read, not computed).
  const somethingLeft = /^(?!-)(?!0+(?:\.0+)?$)\d/.test(redFlush.remaining);
  const flushable = record.invoicingStatus === '00' && (redFlush.status === 'none' || redFlush.status === 'partial') && somethingLeft;
  return (
    <Card
      title="红冲情况"
      variant="borderless"
      extra={
        canFlush &&
        flushable && (
          <Button size="small" onClick={() => navigate(`/red-flush?invoiceNumber=${encodeURIComponent(record.invoiceNumber)}`)}>
            去红冲
          </Button>
        )
      }
    >
      <Descriptions
        column={5}
        size="small"
        items={[
          { key: 'status', label: '红冲状态', children: <RedFlushTag status={redFlush.status} /> },
          { key: 'total', label: '价税合计', children: <Money value={redFlush.totalPriceTax} /> },
          { key: 'flushed', label: '已红冲', children: <Money value={redFlush.redFlushedTotal} /> },
          { key: 'held', label: '待开中的红冲', children: <Money value={redFlush.heldByOpenRequests} /> },
          { key: 'remaining', label: '剩余可红冲', children: <Money value={redFlush.remaining} strong /> },
        ]}
      />
      <Table<LinkedRedInvoice>
        rowKey="id"
        size="small"
        columns={redColumns}
        dataSource={redFlush.reds}
        pagination={false}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无红字发票" /> }}
        style={{ marginTop: 12 }}
      />
      {redFlush.openRequests.length > 0 && (
        <Table<OpenRedFlushRequest>
          rowKey="id"
          size="small"
          columns={openRequestColumns}
          dataSource={redFlush.openRequests}
          pagination={false}
          title={() => <Typography.Text strong>办理中的红冲申请</Typography.Text>}
          style={{ marginTop: 12 }}
          data-testid="open-requests"
        />
      )}
    </Card>
  );
}

export function InvoiceDetailPage() {
  const { id } = useParams();
  const invoice = useInvoice(id);
  const session = useSession();

  if (!invoice.isSuccess) {
    return <DetailPending query={invoice} backTo="/invoices" missingTitle="发票不存在" missingText="没有这张发票，或您无权查看。" />;
  }

  const view = invoice.data;
  const record = view.invoice;
  return (
    <Flex vertical gap={16}>
      <DetailHeaderCard backTo="/invoices" title={`${record.invoiceType === 1 ? '红字发票' : '蓝字发票'} ${record.invoiceNumber}`}>
        <HeaderDescriptions items={headerItems(record)} />
      </DetailHeaderCard>

      <Card title={`明细（${view.details.length} 行）`} variant="borderless">
        <Table<InvoiceDetailRecord>
          rowKey={(row) => `${row.billNumber}/${row.detailRowNo}`}
          size="small"
          columns={detailColumns}
          dataSource={view.details}
          pagination={false}
          scroll={{ x: 960 }}
        />
      </Card>

      <Card title={view.findings.length > 0 ? `检查结果（${view.findings.length} 项）` : '检查结果'} variant="borderless">
        {view.findings.length === 0 ? (
          <Alert type="success" showIcon title="各项检查均已通过" />
        ) : (
          <Table<Finding>
            rowKey={(finding) => `${finding.code}${finding.pointer}`}
            size="small"
            columns={findingColumns}
            dataSource={view.findings}
            pagination={false}
          />
        )}
      </Card>

      <RedFlushCard view={view} canFlush={hasScope(session.data, 'redflush')} />

      <Card title={`接收记录（${view.history.length} 次）`} variant="borderless">
        <Table<InvoiceHistoryEntry>
          rowKey={(entry) => `${entry.pushId}/${entry.recordedAt}`}
          size="small"
          columns={historyColumns}
          dataSource={view.history}
          pagination={false}
        />
      </Card>
    </Flex>
  );
}
