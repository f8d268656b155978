/**
 * 发票查询: the list API's filters in a form whose values live in the URL
 * (a link can be shared), keyset pages added with 加载更多, and the CSV
 * export of the same filters.
 */
import { DownloadOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Flex, Input, Select, type TableColumnsType, Typography } from 'antd';
import { FilterBar, type FilterField } from '../../components/FilterBar.tsx';
import { KeysetTable } from '../../components/KeysetTable.tsx';
import { Money } from '../../components/Money.tsx';
import { formatDate } from '../../lib/format.ts';
import type { InvoiceRecord } from '../../lib/schemas.ts';
import { useUrlFilters } from '../../lib/url-filters.ts';
import { exportUrl, FILTER_NAMES, useInvoiceList } from './api.ts';
import { FINDINGS, INVOICE_TYPES, INVOICING_STATUSES, RED_FLUSH_STATUSES, TYPE_CODE_OPTIONS } from './labels.ts';
import { FindingsTag, InvoiceKindCell, InvoiceNumberCell, RedFlushTag, StatusTags } from './parts.tsx';

const options = (table: Readonly<Record<string | number, string>>) =>
  Object.entries(table).map(([value, text]) => ({ value, label: text }));

const RED_FLUSH_OPTIONS = Object.entries(RED_FLUSH_STATUSES).map(([value, { label: text }]) => ({ value, label: text }));
const FINDING_OPTIONS = Object.entries(FINDINGS).map(([value, text]) => ({ value, label: text, title: value }));
const HAS_FINDINGS_OPTIONS = [
  { value: 'true', label: '有问题' },
  { value: 'false', label: '无问题' },
];

const URL_FILTERS = {
  names: FILTER_NAMES,
  dateRange: { field: 'invoiceDate', from: 'invoiceDateFrom', to: 'invoiceDateTo' },
} as const;

const FIELDS: readonly FilterField[] = [
  { name: 'invoiceDate', label: '开票日期', input: <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} /> },
  { name: 'invoiceNumber', label: '发票号码', input: <Input allowClear maxLength={30} placeholder="8 位或 20 位号码" /> },
  { name: 'sellerTaxNo', label: '销方税号', input: <Input allowClear maxLength={30} /> },
  { name: 'buyerName', label: '购方名称', input: <Input allowClear maxLength={300} placeholder="名称中的任意部分" /> },
  { name: 'invoiceTypeCode', label: '发票种类', input: <Select allowClear options={TYPE_CODE_OPTIONS} placeholder="全部" /> },
  { name: 'invoicingStatus', label: '发票状态', input: <Select allowClear options={options(INVOICING_STATUSES)} placeholder="全部" /> },
  { name: 'redFlushStatus', label: '红冲状态', input: <Select allowClear options={RED_FLUSH_OPTIONS} placeholder="全部" /> },
  { name: 'hasFindings', label: '检查结果', input: <Select allowClear options={HAS_FINDINGS_OPTIONS} placeholder="全部" /> },
  {
    name: 'findingCode',
    label: '检查项',
    more: true,
    input: <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={FINDING_OPTIONS} placeholder="全部" />,
  },
  { name: 'invoiceType', label: '蓝字/红字', more: true, input: <Select allowClear options={options(INVOICE_TYPES)} placeholder="全部" /> },
  { name: 'buyerTaxNo', label: '购方税号', more: true, input: <Input allowClear maxLength={30} /> },
  { name: 'invoiceCode', label: '发票代码', more: true, input: <Input allowClear maxLength={20} /> },
  { name: 'channelCode', label: '渠道编码', more: true, input: <Input allowClear maxLength={64} /> },
  { name: 'serialNo', label: '批次号', more: true, input: <Input allowClear maxLength={128} /> },
  { name: 'orderNo', label: '来源单号', more: true, input: <Input allowClear maxLength={100} /> },
];

const columns: TableColumnsType<InvoiceRecord> = [
  {
    title: '发票号码',
    dataIndex: 'invoiceNumber',
    fixed: 'left',
    width: 178,
    render: (_value, invoice) => <InvoiceNumberCell invoice={invoice} />,
  },
  {
    title: '种类',
    dataIndex: 'invoiceTypeCode',
    width: 80,
    render: (code: string) => <InvoiceKindCell code={code} />,
  },
  { title: '开票日期', dataIndex: 'invoiceDate', width: 98, render: (ms: number) => formatDate(ms) },
  {
    title: '购方 / 销方',
    key: 'parties',
    width: 190,
    render: (_value, invoice) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text ellipsis={{ tooltip: invoice.buyerName }}>{invoice.buyerName}</Typography.Text>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: invoice.sellerName }}>
          {invoice.sellerName}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '金额',
    dataIndex: 'invoiceAmount',
    align: 'right',
    width: 112,
    render: (value: string, invoice) => <Money value={value} red={invoice.invoiceType === 1} />,
  },
  {
    title: '税额',
    dataIndex: 'invoiceTaxAmount',
    align: 'right',
    width: 100,
    render: (value: string | null, invoice) => <Money value={value} red={invoice.invoiceType === 1} />,
  },
  {
    title: '价税合计',
    dataIndex: 'invoiceTotalPriceTax',
    align: 'right',
    width: 120,
    render: (value: string | null, invoice) => <Money value={value} red={invoice.invoiceType === 1} strong />,
  },
  {
    title: '状态',
    key: 'status',
    width: 116,
    render: (_value, invoice) => (
      <Flex vertical gap={4} align="flex-start">
        <StatusTags invoice={invoice} />
        {invoice.redFlushStatus !== 'none' && <RedFlushTag status={invoice.redFlushStatus} />}
      </Flex>
    ),
  },
  {
    title: '检查',
    dataIndex: 'findingCodes',
    width: 64,
    render: (codes: InvoiceRecord['findingCodes']) => <FindingsTag codes={codes} />,
  },
];

export function InvoiceListPage() {
  const filters = useUrlFilters(URL_FILTERS);
  const list = useInvoiceList(filters.filters);

  return (
    <Flex vertical gap={16}>
      <FilterBar filters={filters} fields={FIELDS} />
      <Card
        variant="borderless"
        title="发票列表"
        extra={
          <Button icon={<DownloadOutlined />} href={exportUrl(filters.filters)} download="invoices.csv">
            导出 CSV
          </Button>
        }
      >
        <KeysetTable<InvoiceRecord>
          list={list}
          rowKey="id"
          columns={columns}
          scroll={{ x: 1058 }}
          emptyText="没有符合条件的发票"
          unit="张"
        />
      </Card>
    </Flex>
  );
}
