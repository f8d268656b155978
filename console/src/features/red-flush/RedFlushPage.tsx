/**
 * 发票红冲 (seed 002, 发票服务 → 开票管理 → 发票逆向处理 → 发票红冲): the blue
 * invoices that can be red-flushed (正常 or 部分红冲), found with the list
 * API's filters (kept in the URL); an operator ticks at most 10 (the 11th
 * is refused with Kingdee's words) and clicks 红冲, checks each invoice in
 * the confirmation view, submits, and sees the result per invoice.
 * A viewer sees the list only.
 */
import { RollbackOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, DatePicker, Flex, Input, Select, Steps, type TableColumnsType, Typography } from 'antd';
import { useState } from 'react';
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

type Step =
  | { kind: 'select' }
  | { kind: 'confirm'; invoices: InvoiceRecord[] }
  | { kind: 'result'; invoices: InvoiceRecord[]; result: BatchResult };

export function RedFlushPage() {
  const session = useSession();
  const canFlush = hasScope(session.data, 'redflush');
  const [step, setStep] = useState<Step>({ kind: 'select' });
  const [selected, setSelected] = useState<InvoiceRecord[]>([]);
  const current = step.kind === 'select' ? 0 : step.kind === 'confirm' ? 1 : 2;

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
      {step.kind === 'select' && (
        <SelectInvoices
          canFlush={canFlush}
          selected={selected}
          onSelect={setSelected}
          onRedFlush={(invoices) => setStep({ kind: 'confirm', invoices })}
        />
      )}
      {step.kind === 'confirm' && (
        <ConfirmRedFlush
          invoices={step.invoices}
          onBack={(remaining) => {
            setSelected(remaining);
            setStep({ kind: 'select' });
          }}
          onDone={(invoices, result) => setStep({ kind: 'result', invoices, result })}
        />
      )}
      {step.kind === 'result' && (
        <RedFlushResult
          invoices={step.invoices}
          result={step.result}
          onAgain={() => {
            setSelected([]);
            setStep({ kind: 'select' });
          }}
        />
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
  onRedFlush: (invoices: InvoiceRecord[]) => void;
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
        <Button type="link" size="small" onClick={() => onRedFlush([invoice])}>
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
                onClick={() => onRedFlush(selected)}
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
