/**
 * 发票查询: the list API's filters in a form whose values live in the URL
 * (a link can be shared), keyset pages added with 加载更多, and the CSV
 * export of the same filters.
 */
import { DownloadOutlined, DownOutlined, ReloadOutlined, SearchOutlined, UpOutlined } from '@ant-design/icons';
import {
  Alert,
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
  Table,
  type TableColumnsType,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { Money } from '../../components/Money.tsx';
import { describeError } from '../../lib/api.ts';
import { formatDate } from '../../lib/format.ts';
import type { InvoiceRecord } from '../../lib/schemas.ts';
import { exportUrl, type Filters, filtersOf, useInvoiceList } from './api.ts';
import {
  FINDINGS,
  INVOICE_TYPE_CODES,
  INVOICE_TYPE_SHORT,
  INVOICE_TYPES,
  INVOICING_STATUSES,
  label,
  RED_FLUSH_STATUSES,
} from './labels.ts';
import { FindingsTag, RedFlushTag, StatusTags } from './parts.tsx';

interface FilterForm extends Omit<Filters, 'invoiceDateFrom' | 'invoiceDateTo'> {
  invoiceDate?: [Dayjs | null, Dayjs | null] | null;
}

const options = (table: Readonly<Record<string | number, string>>) =>
  Object.entries(table).map(([value, text]) => ({ value, label: text }));

const TYPE_CODE_OPTIONS = Object.entries(INVOICE_TYPE_CODES).map(([value, text]) => ({ value, label: `${text}（${value}）` }));
const RED_FLUSH_OPTIONS = Object.entries(RED_FLUSH_STATUSES).map(([value, { label: text }]) => ({ value, label: text }));
const FINDING_OPTIONS = Object.entries(FINDINGS).map(([value, text]) => ({ value, label: text, title: value }));
const HAS_FINDINGS_OPTIONS = [
  { value: 'true', label: '有问题' },
  { value: 'false', label: '无问题' },
];

function toForm(filters: Filters): FilterForm {
  const { invoiceDateFrom, invoiceDateTo, ...rest } = filters;
  const from = invoiceDateFrom ? dayjs(invoiceDateFrom) : null;
  const to = invoiceDateTo ? dayjs(invoiceDateTo) : null;
  return { ...rest, invoiceDate: from || to ? [from?.isValid() ? from : null, to?.isValid() ? to : null] : null };
}

/** The form's values as the API's parameters: the picked calendar days are Beijing days to the API. */
function toFilters(form: FilterForm): Filters {
  const { invoiceDate, ...rest } = form;
  const filters: Filters = {};
  for (const [name, value] of Object.entries(rest) as [keyof Filters, string | undefined][]) {
    const text = value?.trim();
    if (text) filters[name] = text;
  }
  const [from, to] = invoiceDate ?? [];
  if (from) filters.invoiceDateFrom = from.format('YYYY-MM-DD');
  if (to) filters.invoiceDateTo = to.format('YYYY-MM-DD');
  return filters;
}

/** Kept mounted when folded away, so the form keeps their values. */
const HIDDEN = { display: 'none' } as const;

const MORE_FIELDS: readonly (keyof FilterForm)[] = [
  'invoiceType',
  'buyerTaxNo',
  'invoiceCode',
  'findingCode',
  'channelCode',
  'serialNo',
  'orderNo',
];

const columns: TableColumnsType<InvoiceRecord> = [
  {
    title: '发票号码',
    dataIndex: 'invoiceNumber',
    fixed: 'left',
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
    title: '种类',
    dataIndex: 'invoiceTypeCode',
    width: 80,
    render: (code: string) => (
      <Tooltip title={label(INVOICE_TYPE_CODES, code)}>
        <span>{label(INVOICE_TYPE_SHORT, code)}</span>
      </Tooltip>
    ),
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
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(params);
  const [form] = Form.useForm<FilterForm>();
  const [expanded, setExpanded] = useState(() => MORE_FIELDS.some((name) => name in filters));
  const list = useInvoiceList(filters);

  // The URL is the truth (back/forward, a shared link): the form follows it.
  const search = params.toString();
  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(toForm(filtersOf(new URLSearchParams(search))));
  }, [form, search]);

  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const apply = (values: FilterForm) => setParams(new URLSearchParams(toFilters(values) as Record<string, string>));

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless" styles={{ body: { paddingBottom: 0 } }}>
        <Form<FilterForm> form={form} onFinish={apply} labelCol={{ flex: '76px' }} wrapperCol={{ flex: 'auto' }} labelWrap>
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
              <Form.Item label="销方税号" name="sellerTaxNo">
                <Input allowClear maxLength={30} />
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
              <Form.Item label="发票状态" name="invoicingStatus">
                <Select allowClear options={options(INVOICING_STATUSES)} placeholder="全部" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="红冲状态" name="redFlushStatus">
                <Select allowClear options={RED_FLUSH_OPTIONS} placeholder="全部" />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="检查结果" name="hasFindings">
                <Select allowClear options={HAS_FINDINGS_OPTIONS} placeholder="全部" />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="检查项" name="findingCode">
                <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={FINDING_OPTIONS} placeholder="全部" />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="蓝字/红字" name="invoiceType">
                <Select allowClear options={options(INVOICE_TYPES)} placeholder="全部" />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="购方税号" name="buyerTaxNo">
                <Input allowClear maxLength={30} />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="发票代码" name="invoiceCode">
                <Input allowClear maxLength={20} />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="渠道编码" name="channelCode">
                <Input allowClear maxLength={64} />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="批次号" name="serialNo">
                <Input allowClear maxLength={128} />
              </Form.Item>
            </Col>
            <Col span={8} style={expanded ? undefined : HIDDEN}>
              <Form.Item label="来源单号" name="orderNo">
                <Input allowClear maxLength={100} />
              </Form.Item>
            </Col>
            <Col span={expanded ? 24 : 8}>
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
        title="发票列表"
        extra={
          <Button icon={<DownloadOutlined />} href={exportUrl(filters)} download="invoices.csv">
            导出 CSV
          </Button>
        }
      >
        {list.isError && <Alert type="error" showIcon title={describeError(list.error)} style={{ marginBottom: 16 }} />}
        <Table<InvoiceRecord>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 1058 }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isPending ? '加载中…' : '没有符合条件的发票'} />,
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
    </Flex>
  );
}
