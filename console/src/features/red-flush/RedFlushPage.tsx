/**
 * 发票红冲 (seed 002, 发票服务 → 开票管理 → 发票逆向处理 → 发票红冲): the blue
 * invoices that can be red-flushed (正常 or 部分红冲), found with the list
 * API's filters (kept in the URL); an operator ticks at most 10 (the 11th
 * is refused with Kingdee's words) and clicks 红冲, checks each invoice in
 * the confirmation view, submits, and sees the result per invoice.
 * A viewer sees the list only.
 */
import { DownOutlined, ReloadOutlined, RollbackOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Steps,
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Money } from '../../components/Money.tsx';
import { describeError } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import type { InvoiceRecord } from '../../lib/schemas.ts';
import { useFormFollowsUrl } from '../../lib/url-form.ts';
import { hasScope, useSession } from '../auth/session.ts';
import { INVOICE_TYPE_CODES, INVOICE_TYPE_SHORT, label, RED_FLUSH_STATUSES } from '../invoices/labels.ts';
import { type BatchResult, CANDIDATE_FILTERS, type CandidateFilters, filtersOf, useCandidates } from './api.ts';
import { ConfirmRedFlush } from './ConfirmRedFlush.tsx';
import { BATCH_LIMIT, BATCH_LIMIT_MESSAGE } from './labels.ts';
import { RedFlushResult } from './RedFlushResult.tsx';

interface FilterForm extends Omit<CandidateFilters, 'invoiceDateFrom' | 'invoiceDateTo'> {
  invoiceDate?: [Dayjs | null, Dayjs | null] | null;
}

const TYPE_CODE_OPTIONS = Object.entries(INVOICE_TYPE_CODES).map(([value, text]) => ({ value, label: `${text}（${value}）` }));
const STATUS_OPTIONS = [
  { value: 'none,partial', label: '未红冲或部分红冲' },
  { value: 'none', label: RED_FLUSH_STATUSES.none?.label },
  { value: 'partial', label: RED_FLUSH_STATUSES.partial?.label },
];
const HIDDEN = { display: 'none' } as const;

function toForm(filters: CandidateFilters): FilterForm {
  const { invoiceDateFrom, invoiceDateTo, ...rest } = filters;
  const from = invoiceDateFrom ? dayjs(invoiceDateFrom) : null;
  const to = invoiceDateTo ? dayjs(invoiceDateTo) : null;
  return {
    redFlushStatus: 'none,partial',
    ...rest,
    invoiceDate: from || to ? [from?.isValid() ? from : null, to?.isValid() ? to : null] : null,
  };
}

/** The form's values for the URL's query. */
const candidateForm = (params: URLSearchParams) => toForm(filtersOf(CANDIDATE_FILTERS, params));

function toFilters(form: FilterForm): CandidateFilters {
  const { invoiceDate, ...rest } = form;
  const filters: CandidateFilters = {};
  for (const [name, value] of Object.entries(rest) as [keyof CandidateFilters, string | undefined][]) {
    const text = value?.trim();
    if (text) filters[name] = text;
  }
  // The default needs no place in the URL.
  if (filters.redFlushStatus === 'none,partial') delete filters.redFlushStatus;
  const [from, to] = invoiceDate ?? [];
  if (from) filters.invoiceDateFrom = from.format('YYYY-MM-DD');
  if (to) filters.invoiceDateTo = to.format('YYYY-MM-DD');
  return filters;
}

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
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(CANDIDATE_FILTERS, params);
  const [form] = Form.useForm<FilterForm>();
  const [expanded, setExpanded] = useState(() => 'channelCode' in filters || 'sellerTaxNo' in filters);
  const list = useCandidates(filters);

  const search = params.toString();
  useFormFollowsUrl(form, search, candidateForm);

  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const apply = (values: FilterForm) => setParams(new URLSearchParams(toFilters(values) as Record<string, string>));

  const columns: TableColumnsType<InvoiceRecord> = [
    {
      title: '发票号码',
      dataIndex: 'invoiceNumber',
      width: 178,
      render: (_value, invoice) => (
        <Flex vertical>
          <Link to={`/invoices/${invoice.id}`} style={{ fontVariantNumeric: 'tabular-nums' }}>
            {invoice.invoiceNumber}
          </Link>
          {invoice.invoiceCode && (
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              代码 {invoice.invoiceCode}
            </Typography.Text>
          )}
        </Flex>
      ),
    },
    {
      title: '发票种类',
      dataIndex: 'invoiceTypeCode',
      width: 76,
      render: (code: string) => (
        <Tooltip title={label(INVOICE_TYPE_CODES, code)}>
          <span>{label(INVOICE_TYPE_SHORT, code)}</span>
        </Tooltip>
      ),
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
      <Card variant="borderless" styles={{ body: { paddingBottom: 0 } }}>
        <Form<FilterForm>
          form={form}
          initialValues={candidateForm(params)}
          onFinish={apply}
          labelCol={{ flex: '76px' }}
          wrapperCol={{ flex: 'auto' }}
          labelWrap
        >
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="开票日期" name="invoiceDate">
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="发票号码" name="invoiceNumber">
                <Input allowClear maxLength={30} placeholder="8 位或 20 位号码" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="购方名称" name="buyerName">
                <Input allowClear maxLength={300} placeholder="名称中的任意部分" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="发票种类" name="invoiceTypeCode">
                <Select allowClear options={TYPE_CODE_OPTIONS} placeholder="全部" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="红冲状态" name="redFlushStatus">
                <Select options={STATUS_OPTIONS} />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="销方税号" name="sellerTaxNo">
                <Input allowClear maxLength={30} />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="渠道编码" name="channelCode">
                <Input allowClear maxLength={64} />
              </Form.Item>
            </Col>
            <Col span={expanded ? 16 : 8}>
              <Form.Item>
                <Flex justify="flex-end" gap={8}>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    查询
                  </Button>
                  <Button icon={<ReloadOutlined />} onClick={() => setParams(new URLSearchParams())}>
                    重置
                  </Button>
                  <Button
                    type="link"
                    onClick={() => setExpanded(!expanded)}
                    icon={expanded ? <UpOutlined /> : <DownOutlined />}
                    iconPlacement="end"
                  >
                    {expanded ? '收起' : '更多条件'}
                  </Button>
                </Flex>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

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
        {list.isError && <Alert type="error" showIcon title={describeError(list.error)} style={{ marginBottom: 16 }} />}
        <Table<InvoiceRecord>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
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
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isPending ? '加载中…' : '没有符合条件的可红冲发票'} />,
          }}
        />
        <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
          <Typography.Text type="secondary" data-testid="loaded-count">
            已加载 {rows.length} 张
          </Typography.Text>
          {list.hasNextPage ? (
            <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
              加载更多
            </Button>
          ) : (
            rows.length > 0 && <Typography.Text type="secondary">已全部加载</Typography.Text>
          )}
        </Flex>
      </Card>
    </>
  );
}
