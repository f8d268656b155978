/**
 * 红冲申请: every red-flush request, newest first, with the list API's
 * filters (state, channel, seller, invoice number, creation time) kept in
 * the URL, keyset pages added with 加载更多; states in Chinese.
 */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
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
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { Link, useSearchParams } from 'react-router';
import { Money } from '../../components/Money.tsx';
import { describeError } from '../../lib/api.ts';
import { formatDateTime } from '../../lib/format.ts';
import type { RedFlushRecord } from '../../lib/schemas.ts';
import { useFormFollowsUrl } from '../../lib/url-form.ts';
import { INVOICE_TYPE_CODES, INVOICE_TYPE_SHORT, label } from '../invoices/labels.ts';
import { filtersOf, REQUEST_FILTERS, type RequestFilters, useRedFlushList } from './api.ts';
import { askerOf, KIND_LABELS, REQUEST_STATES, STATE_LABELS } from './labels.ts';
import { StateTag } from './parts.tsx';

interface FilterForm extends Omit<RequestFilters, 'createdFrom' | 'createdTo'> {
  created?: [Dayjs | null, Dayjs | null] | null;
}

const STATE_OPTIONS = REQUEST_STATES.map((state) => ({ value: state, label: STATE_LABELS[state] }));

function toForm(filters: RequestFilters): FilterForm {
  const { createdFrom, createdTo, ...rest } = filters;
  const from = createdFrom ? dayjs(createdFrom) : null;
  const to = createdTo ? dayjs(createdTo) : null;
  return { ...rest, created: from || to ? [from?.isValid() ? from : null, to?.isValid() ? to : null] : null };
}

/** The form's values for the URL's query. */
const requestForm = (params: URLSearchParams) => toForm(filtersOf(REQUEST_FILTERS, params));

/** The picked calendar days are Beijing days to the API. */
function toFilters(form: FilterForm): RequestFilters {
  const { created, ...rest } = form;
  const filters: RequestFilters = {};
  for (const [name, value] of Object.entries(rest) as [keyof RequestFilters, string | undefined][]) {
    const text = value?.trim();
    if (text) filters[name] = text;
  }
  const [from, to] = created ?? [];
  if (from) filters.createdFrom = from.format('YYYY-MM-DD');
  if (to) filters.createdTo = to.format('YYYY-MM-DD');
  return filters;
}

const columns: TableColumnsType<RedFlushRecord> = [
  { title: '申请时间', dataIndex: 'createdAt', width: 160, render: (ms: number) => formatDateTime(ms) },
  {
    title: '发票号码',
    dataIndex: 'invoiceNumber',
    width: 180,
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
    width: 130,
    render: (_value, record) => (
      <Flex vertical>
        <span>{KIND_LABELS[record.kind]}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {record.reasonLabel}
        </Typography.Text>
      </Flex>
    ),
  },
  { title: '红冲价税合计', dataIndex: 'total', width: 128, align: 'right', render: (value: string) => <Money value={value} strong /> },
  {
    title: '状态',
    dataIndex: 'state',
    width: 118,
    render: (state: RedFlushRecord['state'], record) => <StateTag state={state} label={record.stateLabel} />,
  },
  {
    title: '申请人',
    key: 'asker',
    width: 180,
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
    title: '渠道 / 销方税号',
    key: 'channel',
    render: (_value, record) => (
      <Flex vertical style={{ minWidth: 0 }}>
        <span>{record.channelCode}</span>
        <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis>
          {record.sellerTaxNo}
        </Typography.Text>
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
  const [params, setParams] = useSearchParams();
  const filters = filtersOf(REQUEST_FILTERS, params);
  const [form] = Form.useForm<FilterForm>();
  const list = useRedFlushList(filters);

  const search = params.toString();
  useFormFollowsUrl(form, search, requestForm);

  const rows = list.data?.pages.flatMap((page) => page.items) ?? [];
  const apply = (values: FilterForm) => setParams(new URLSearchParams(toFilters(values) as Record<string, string>));

  return (
    <Flex vertical gap={16}>
      <Card variant="borderless" styles={{ body: { paddingBottom: 0 } }}>
        <Form<FilterForm>
          form={form}
          initialValues={requestForm(params)}
          onFinish={apply}
          labelCol={{ flex: '76px' }}
          wrapperCol={{ flex: 'auto' }}
          labelWrap
        >
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item label="申请日期" name="created">
                <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item label="状态" name="state">
                <Select allowClear options={STATE_OPTIONS} placeholder="全部" />
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
              <Form.Item label="渠道编码" name="channelCode">
                <Input allowClear maxLength={64} />
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item>
                <Flex justify="flex-end" gap={8}>
                  <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
                    查询
                  </Button>
                  <Button icon={<ReloadOutlined />} onClick={() => setParams(new URLSearchParams())}>
                    重置
                  </Button>
                </Flex>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      <Card variant="borderless" title="红冲申请">
        {list.isError && <Alert type="error" showIcon title={describeError(list.error)} style={{ marginBottom: 16 }} />}
        <Table<RedFlushRecord>
          rowKey="id"
          size="small"
          columns={columns}
          dataSource={rows}
          loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
          pagination={false}
          scroll={{ x: 1040 }}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isPending ? '加载中…' : '没有符合条件的红冲申请'} />,
          }}
        />
        <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
          <Typography.Text type="secondary" data-testid="loaded-count">
            已加载 {rows.length} 笔
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
