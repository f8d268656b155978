/**
 * 红字确认单: the forms of both sides (ours, applied for by our red-flush
 * requests; the buyers', found by the sync or a callback), newest first,
 * with the list API's filters kept in the URL and keyset pages; states in
 * Chinese, a countdown for those waiting (02/03), and the actions each
 * form's `actions` allow.
 */
import { SyncOutlined } from '@ant-design/icons';
import { App, Button, Card, Flex, Input, Select, type TableColumnsType, Typography } from 'antd';
import { Link } from 'react-router';
import { DateTimeLines } from '../../components/DateTimeLines.tsx';
import { FilterBar, type FilterField } from '../../components/FilterBar.tsx';
import { KeysetTable } from '../../components/KeysetTable.tsx';
import { Money } from '../../components/Money.tsx';
import { TaxNo } from '../../components/TaxNo.tsx';
import { describeError } from '../../lib/api.ts';
import type { RedConfirmForm } from '../../lib/schemas.ts';
import { useUrlFilters } from '../../lib/url-filters.ts';
import { hasScope, useSession } from '../auth/session.ts';
import { FORM_FILTERS, useFormList, useSyncForms } from './api.ts';
import { ENTERED_BY, FORM_STATES, ORIGINS } from './labels.ts';
import { Countdown, FormActions, FormStateTag } from './parts.tsx';

const URL_FILTERS = { names: FORM_FILTERS } as const;

const STATE_OPTIONS = [
  { value: 'waiting', label: '待确认（02、03）' },
  ...Object.entries(FORM_STATES).map(([value, label]) => ({ value, label: `${value} ${label}` })),
];
const ORIGIN_OPTIONS = Object.entries(ORIGINS).map(([value, label]) => ({ value, label }));
const ENTERED_BY_OPTIONS = Object.entries(ENTERED_BY).map(([value, label]) => ({ value, label }));

const FIELDS: readonly FilterField[] = [
  { name: 'state', label: '状态', input: <Select allowClear options={STATE_OPTIONS} placeholder="全部" /> },
  { name: 'origin', label: '来源', input: <Select allowClear options={ORIGIN_OPTIONS} placeholder="全部" /> },
  { name: 'enteredBy', label: '录入方', input: <Select allowClear options={ENTERED_BY_OPTIONS} placeholder="全部" /> },
  { name: 'sellerTaxNo', label: '销方税号', input: <Input allowClear maxLength={30} /> },
  { name: 'channelCode', label: '渠道编码', input: <Input allowClear maxLength={64} /> },
  { name: 'redFlushId', label: '红冲申请', more: true, input: <Input allowClear maxLength={32} placeholder="申请编号（32 位）" /> },
];

/** Fits a 1366×768 laptop: the form and its blue invoice in one column, its side under its state. */
const columns: TableColumnsType<RedConfirmForm> = [
  {
    title: '确认单 / 蓝字发票',
    key: 'bill',
    width: 196,
    render: (_value, form) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <Link to={`/red-confirm-forms/${form.id}`} style={{ fontVariantNumeric: 'tabular-nums', wordBreak: 'break-all' }}>
          {form.billNo ?? form.billId ?? `#${form.id}`}
        </Link>
        <Typography.Text type="secondary" style={{ fontSize: 12, fontVariantNumeric: 'tabular-nums' }}>
          蓝票{' '}
          {form.blueInvoice?.id ? (
            <Link to={`/invoices/${form.blueInvoice.id}`}>{form.blueInvoice.invoiceNumber}</Link>
          ) : (
            (form.blueInvoice?.invoiceNumber ?? '—')
          )}
        </Typography.Text>
      </Flex>
    ),
  },
  {
    title: '购方 / 销方税号',
    key: 'parties',
    render: (_value, form) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <Typography.Text ellipsis={{ tooltip: form.buyer.name }}>{form.buyer.name ?? '—'}</Typography.Text>
        <TaxNo value={form.seller.taxNo} />
      </Flex>
    ),
  },
  { title: '价税合计', dataIndex: 'total', width: 116, align: 'right', render: (value: string | null) => <Money value={value} strong /> },
  {
    title: '状态',
    key: 'state',
    width: 156,
    render: (_value, form) => (
      <Flex vertical gap={2} align="flex-start">
        <FormStateTag form={form} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {ORIGINS[form.origin]} · {ENTERED_BY[form.enteredBy]}
        </Typography.Text>
      </Flex>
    ),
  },
  { title: '剩余确认时间', key: 'deadline', width: 132, render: (_value, form) => <Countdown form={form} /> },
  {
    title: '录入时间',
    dataIndex: 'enteredAt',
    width: 100,
    render: (iso: string | null) => <DateTimeLines ms={iso ? Date.parse(iso) : null} />,
  },
  {
    title: '操作',
    key: 'actions',
    width: 112,
    fixed: 'right',
    render: (_value, form) => (
      <Flex vertical align="flex-start">
        <FormActions form={form} />
        <Link to={`/red-confirm-forms/${form.id}`} style={{ paddingInline: 7 }}>
          详情
        </Link>
      </Flex>
    ),
  },
];

/** 立即同步 (admins): the buyers' new forms are found by a periodic sync; this runs one now. */
function SyncButton() {
  const { message } = App.useApp();
  const sync = useSyncForms();
  return (
    <Button
      icon={<SyncOutlined />}
      loading={sync.isPending}
      onClick={() =>
        sync.mutate(undefined, {
          onSuccess: ({ queued }) => message.success(queued ? '已开始向渠道同步购方录入的红字确认单，稍后刷新列表' : '同步已在进行中'),
          onError: (error) => message.error(describeError(error)),
        })
      }
    >
      立即同步
    </Button>
  );
}

export function FormListPage() {
  const session = useSession();
  const filters = useUrlFilters(URL_FILTERS);
  const list = useFormList(filters.filters);
  return (
    <Flex vertical gap={16}>
      <FilterBar filters={filters} fields={FIELDS} />
      <Card variant="borderless" title="红字确认单" extra={hasScope(session.data, 'admin') && <SyncButton />}>
        <KeysetTable<RedConfirmForm>
          list={list}
          rowKey="id"
          columns={columns}
          scroll={{ x: 1000 }}
          tableLayout="fixed"
          emptyText="没有符合条件的红字确认单"
          unit="张"
        />
      </Card>
    </Flex>
  );
}
