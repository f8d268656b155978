/**
 * 发票红冲 (seed 002, 发票服务 → 开票管理 → 发票逆向处理 → 发票红冲): the blue
 * invoices that can be red-flushed (正常 or 部分红冲), found with the list
 * API's filters (kept in the URL); an operator ticks at most 10 (the 11th
 * is refused with Kingdee's words) and clicks 红冲, checks each invoice in
 * the confirmation view, submits, and sees the result per invoice.
 * A viewer sees the list only.
 *
 * The steps and the browser's history (`step` in the URL, next to the
 * list's filters):
 * - 红冲 adds an entry, `step=confirm`: Back (or 返回选择, which is Back)
 *   shows the list with the same invoices ticked, Forward (or 红冲 again)
 *   the confirmation of the same invoices. What was typed there is not
 *   kept: the confirmation starts afresh each time it is shown, as it did
 *   after 返回选择. Once the ticks change on the list, Forward has no
 *   confirmation to show (it would not be of the invoices ticked): 红冲
 *   makes the new one.
 * - The result replaces the confirmation's entry (`step=result`), so Back
 *   from it is the list (the submitted invoices no longer ticked, the list
 *   asked again), never the confirmation: nothing can be sent twice.
 *   Forward from there shows the result again (it sends nothing).
 * - The invoices of a step live in this page only: a URL whose step has
 *   nothing to show (a reload, a pasted link) shows the list, the
 *   parameter removed in place (replace, no entry added).
 */
import { RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Input, Select, Steps, type TableColumnsType, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { FilterBar, type FilterField } from '../../components/FilterBar.tsx';
import { KeysetTable } from '../../components/KeysetTable.tsx';
import { Money } from '../../components/Money.tsx';
import { formatDate } from '../../lib/format.ts';
import { rowsOf } from '../../lib/keyset.ts';
import type { InvoiceRecord } from '../../lib/schemas.ts';
import { useUrlFilters } from '../../lib/url-filters.ts';
import { hasScope, useSession } from '../auth/session.ts';
import { RED_FLUSH_STATUSES, TYPE_CODE_OPTIONS } from '../invoices/labels.ts';
import { InvoiceKindCell, InvoiceNumberCell } from '../invoices/parts.tsx';
import { type BatchResult, CANDIDATE_FILTERS, useCandidates } from './api.ts';
import { ConfirmRedFlush } from './ConfirmRedFlush.tsx';
import { BATCH_LIMIT, BATCH_LIMIT_MESSAGE } from './labels.ts';
import { RedFlushResult } from './RedFlushResult.tsx';

const STATUS_OPTIONS = [
  { value: 'none,partial', label: '未红冲或部分红冲' },
  { value: 'none', label: RED_FLUSH_STATUSES.none?.label },
  { value: 'partial', label: RED_FLUSH_STATUSES.partial?.label },
];

const URL_FILTERS = {
  names: CANDIDATE_FILTERS,
  dateRange: { field: 'invoiceDate', from: 'invoiceDateFrom', to: 'invoiceDateTo' },
  // The default needs no place in the URL.
  defaults: { redFlushStatus: 'none,partial' },
} as const;

const FIELDS: readonly FilterField[] = [
  { name: 'invoiceDate', label: '开票日期', input: <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} /> },
  { name: 'invoiceNumber', label: '发票号码', input: <Input allowClear maxLength={30} placeholder="8 位或 20 位号码" /> },
  { name: 'buyerName', label: '购方名称', input: <Input allowClear maxLength={300} placeholder="名称中的任意部分" /> },
  { name: 'invoiceTypeCode', label: '发票种类', input: <Select allowClear options={TYPE_CODE_OPTIONS} placeholder="全部" /> },
  { name: 'redFlushStatus', label: '红冲状态', input: <Select options={STATUS_OPTIONS} /> },
  { name: 'sellerTaxNo', label: '销方税号', more: true, input: <Input allowClear maxLength={30} /> },
  { name: 'channelCode', label: '渠道编码', more: true, input: <Input allowClear maxLength={64} /> },
];

/** The invoices submitted and the server's answer, shown by `step=result`. */
interface Submitted {
  readonly invoices: InvoiceRecord[];
  readonly result: BatchResult;
}

export function RedFlushPage() {
  const session = useSession();
  const canFlush = hasScope(session.data, 'redflush');
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [selected, setSelected] = useState<InvoiceRecord[]>([]);
  // The invoices 红冲 was pressed for: the ticked ones, or a row's own (the ticks then stay as they are).
  const [confirming, setConfirming] = useState<InvoiceRecord[]>([]);
  const [submitted, setSubmitted] = useState<Submitted>();

  const asked = params.get('step');
  const step =
    canFlush && asked === 'confirm' && confirming.length > 0
      ? 'confirm'
      : canFlush && asked === 'result' && submitted
        ? 'result'
        : 'select';
  // A step the page has nothing for (a reload, a pasted link, an unknown value): the list, without the parameter, in place.
  useEffect(() => {
    if (asked !== null && asked !== step) {
      setParams(
        (current) => {
          const next = new URLSearchParams(current);
          next.delete('step');
          return next;
        },
        { replace: true },
      );
    }
  }, [asked, step, setParams]);

  /** This page's URL (the list's filters kept) at `step`. */
  const toStep = (value: 'confirm' | 'result', replace: boolean) =>
    setParams(
      (current) => {
        const next = new URLSearchParams(current);
        next.set('step', value);
        return next;
      },
      { replace },
    );

  // Read when the batch's answer comes: Back may have been pressed while it was on its way.
  const confirmShown = useRef(false);
  confirmShown.current = step === 'confirm';
  const current = step === 'select' ? 0 : step === 'confirm' ? 1 : 2;

  return (
    <Flex vertical gap={16}>
      {canFlush && (
        <Card variant="borderless" styles={{ body: { padding: '16px 24px' } }}>
          <Steps
            size="small"
            current={current}
            items={[{ title: '选择发票' }, { title: '核对红冲信息' }, { title: '红冲结果' }]}
            data-testid="red-flush-steps"
          />
        </Card>
      )}
      {step === 'select' && (
        <SelectInvoices
          canFlush={canFlush}
          selected={selected}
          onSelect={(invoices) => {
            setSelected(invoices);
            setConfirming([]);
          }}
          onRedFlush={(invoice) => {
            setConfirming(invoice ? [invoice] : selected);
            toStep('confirm', false);
          }}
        />
      )}
      {step === 'confirm' && (
        <ConfirmRedFlush
          invoices={confirming}
          onRemove={(invoice) => {
            const others = (invoices: InvoiceRecord[]) => invoices.filter((other) => other.id !== invoice.id);
            setConfirming(others);
            setSelected(others);
          }}
          // The entry before the confirmation's is always the list's (the confirmation is shown only after 红冲 on it).
          onBack={() => navigate(-1)}
          onDone={(invoices, result) => {
            // Sent: no longer ticked. The list is asked again when shown (the batch's answer made it stale).
            // `confirming` stays until the URL has moved on (else the page would show the list meanwhile);
            // no entry leads to it any more.
            const sent = new Set(invoices.map((invoice) => invoice.id));
            setSelected((ticked) => ticked.filter((invoice) => !sent.has(invoice.id)));
            setSubmitted({ invoices, result });
            // In the confirmation's place (after the list's, had Back been pressed meanwhile):
            // Back from the result is the list, and the batch cannot be sent again.
            toStep('result', confirmShown.current);
          }}
        />
      )}
      {step === 'result' && submitted && (
        <RedFlushResult invoices={submitted.invoices} result={submitted.result} onAgain={() => navigate(-1)} />
      )}
    </Flex>
  );
}

function SelectInvoices({
  canFlush,
  selected,
  onSelect,
  onRedFlush,
}: {
  canFlush: boolean;
  selected: InvoiceRecord[];
  onSelect: (invoices: InvoiceRecord[]) => void;
  /** 红冲 of one row (its invoice), or of the ticked ones (undefined). */
  onRedFlush: (invoice?: InvoiceRecord) => void;
}) {
  const { message } = App.useApp();
  const filters = useUrlFilters(URL_FILTERS);
  const list = useCandidates(filters.filters);
  const rows = rowsOf(list);

  const columns: TableColumnsType<InvoiceRecord> = [
    {
      title: '发票号码',
      dataIndex: 'invoiceNumber',
      width: 178,
      render: (_value, invoice) => <InvoiceNumberCell invoice={invoice} />,
    },
    {
      title: '发票种类',
      dataIndex: 'invoiceTypeCode',
      width: 76,
      render: (code: string) => <InvoiceKindCell code={code} />,
    },
    { title: '原蓝票日期', dataIndex: 'invoiceDate', width: 96, render: (ms: number) => formatDate(ms) },
    {
      title: '购方名称',
      dataIndex: 'buyerName',
      render: (name: string) => <span style={{ wordBreak: 'break-all' }}>{name}</span>,
    },
    {
      title: '不含税金额',
      dataIndex: 'invoiceAmount',
      align: 'right',
      width: 108,
      render: (value: string) => <Money value={value} />,
    },
    { title: '税额', dataIndex: 'invoiceTaxAmount', align: 'right', width: 92, render: (value: string | null) => <Money value={value} /> },
    {
      title: '价税合计',
      dataIndex: 'invoiceTotalPriceTax',
      align: 'right',
      width: 116,
      render: (value: string | null) => <Money value={value} strong />,
    },
    {
      title: '红冲状态',
      dataIndex: 'redFlushStatus',
      width: 80,
      render: (status: string) => RED_FLUSH_STATUSES[status]?.label ?? status,
    },
    { title: '开票人', dataIndex: 'drawer', width: 64, render: (drawer: string | null) => drawer ?? '—' },
  ];
  if (canFlush) {
    columns.push({
      title: '操作',
      key: 'actions',
      width: 60,
      fixed: 'right',
      render: (_value, invoice) => (
        <Button type="link" size="small" onClick={() => onRedFlush(invoice)}>
          红冲
        </Button>
      ),
    });
  }

  return (
    <>
      <FilterBar filters={filters} fields={FIELDS} />

      <Card
        variant="borderless"
        title="可红冲的蓝字发票"
        extra={
          canFlush && (
            <Flex align="center" gap={12}>
              <Typography.Text type="secondary" data-testid="selected-count">
                已选 {selected.length} 张（一次最多 {BATCH_LIMIT} 张）
              </Typography.Text>
              {selected.length > 0 && (
                <Button type="link" size="small" onClick={() => onSelect([])}>
                  清空
                </Button>
              )}
              <Button
                type="primary"
                danger
                icon={<RollbackOutlined />}
                disabled={selected.length === 0}
                onClick={() => onRedFlush()}
                data-testid="red-flush-selected"
              >
                红冲
              </Button>
            </Flex>
          )
        }
      >
        {!canFlush && (
          <Alert
            type="info"
            showIcon
            title="您的角色为查看员，只能查看可红冲的发票；发起红冲需要操作员或管理员。"
            style={{ marginBottom: 16 }}
          />
        )}
        <KeysetTable<InvoiceRecord>
          list={list}
          rowKey="id"
          columns={columns}
          scroll={{ x: 1040 }}
          rowSelection={
            canFlush
              ? {
                  selectedRowKeys: selected.map((invoice) => invoice.id),
                  preserveSelectedRowKeys: true,
                  onChange(keys) {
                    if (keys.length > BATCH_LIMIT) {
                      message.warning(BATCH_LIMIT_MESSAGE);
                      return;
                    }
                    const known = new Map([...selected, ...rows].map((invoice) => [invoice.id, invoice]));
                    onSelect(keys.flatMap((key) => known.get(String(key)) ?? []));
                  },
                }
              : undefined
          }
          emptyText="没有符合条件的可红冲发票"
          unit="张"
        />
      </Card>
    </>
  );
}
