/**
 * 红冲申请: every red-flush request, newest first, with the list API's
 * filters (state, channel, seller, invoice number, creation time) kept in
 * the URL, keyset pages added with 加载更多; states in Chinese.
 */
import { Card, DatePicker, Flex, Input, Select, type TableColumnsType, Tag, Tooltip, Typography } from 'antd';
import { Link } from 'react-router';
import { FilterBar, type FilterField } from '../../components/FilterBar.tsx';
import { KeysetTable } from '../../components/KeysetTable.tsx';
import { Money } from '../../components/Money.tsx';
import { TaxNo } from '../../components/TaxNo.tsx';
import { formatDateTime } from '../../lib/format.ts';
import type { RedFlushRecord } from '../../lib/schemas.ts';
import { useUrlFilters } from '../../lib/url-filters.ts';
import { INVOICE_TYPE_CODES, INVOICE_TYPE_SHORT, label } from '../invoices/labels.ts';
import { REQUEST_FILTERS, useRedFlushList } from './api.ts';
import { askerOf, KIND_LABELS, REQUEST_STATES, STATE_LABELS } from './labels.ts';
import { StateTag } from './parts.tsx';

const STATE_OPTIONS = REQUEST_STATES.map((state) => ({ value: state, label: STATE_LABELS[state] }));

const URL_FILTERS = { names: REQUEST_FILTERS, dateRange: { field: 'created', from: 'createdFrom', to: 'createdTo' } } as const;

const FIELDS: readonly FilterField[] = [
  { name: 'created', label: '申请日期', input: <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} /> },
  { name: 'state', label: '状态', input: <Select allowClear options={STATE_OPTIONS} placeholder="全部" /> },
  { name: 'invoiceNumber', label: '发票号码', input: <Input allowClear maxLength={30} placeholder="8 位或 20 位号码" /> },
  { name: 'sellerTaxNo', label: '销方税号', input: <Input allowClear maxLength={30} /> },
  { name: 'channelCode', label: '渠道编码', input: <Input allowClear maxLength={64} /> },
];

const columns: TableColumnsType<RedFlushRecord> = [
  { title: '申请时间', dataIndex: 'createdAt', width: 160, render: (ms: number) => formatDateTime(ms) },
  {
    title: '发票号码',
    dataIndex: 'invoiceNumber',
    width: 176,
    render: (_value, record) => (
      <Flex vertical>
        <Link to={`/invoices/${record.blueInvoiceId}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
          {record.invoiceNumber}
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <Tooltip title={label(INVOICE_TYPE_CODES, record.invoiceTypeCode)}>{label(INVOICE_TYPE_SHORT, record.invoiceTypeCode)}</Tooltip>
          {record.invoiceCode ? ` · 代码 ${record.invoiceCode}` : ''}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '红冲方式 / 原因',
    key: 'kind',
    width: 120,
    render: (_value, record) => (
      <Flex vertical>
        <span>{KIND_LABELS[record.kind]}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {record.reasonLabel}
        </Typography.Text>
      </Flex>
    ),
  },
  { title: '红冲价税合计', dataIndex: 'total', width: 120, align: 'right', render: (value: string) => <Money value={value} strong /> },
  {
    title: '状态',
    dataIndex: 'state',
    width: 110,
    render: (state: RedFlushRecord['state'], record) => <StateTag state={state} label={record.stateLabel} />,
  },
  {
    title: '申请人',
    key: 'asker',
    width: 136,
    render: (_value, record) => {
      const asker = askerOf(record);
      return (
        <Flex gap={4} align="center" style={{ minWidth: 0 }}>
          <Tag style={{ marginInlineEnd: 0 }}>{asker.kind}</Tag>
          <Typography.Text ellipsis={{ tooltip: asker.name }}>{asker.name}</Typography.Text>
        </Flex>
      );
    },
  },
  {
    // A tax number is read digit by digit against the paper: whole, monospace (18 characters fit), wrapped rather than cut.
    title: '渠道 / 销方税号',
    key: 'channel',
    width: 168,
    render: (_value, record) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <span>{record.channelCode}</span>
        <TaxNo value={record.sellerTaxNo} />
      </Flex>
    ),
  },
  {
    title: '操作',
    key: 'actions',
    width: 64,
    fixed: 'right',
    render: (_value, record) => <Link to={`/red-flush-requests/${record.id}`}>详情</Link>,
  },
];

export function RequestListPage() {
  const filters = useUrlFilters(URL_FILTERS);
  const list = useRedFlushList(filters.filters);

  return (
    <Flex vertical gap={16}>
      <FilterBar filters={filters} fields={FIELDS} />
      <Card variant="borderless" title="红冲申请">
        <KeysetTable<RedFlushRecord>
          list={list}
          rowKey="id"
          columns={columns}
          scroll={{ x: 1054 }}
          emptyText="没有符合条件的红冲申请"
          unit="笔"
        />
      </Card>
    </Flex>
  );
}
