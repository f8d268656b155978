/**
 * 审计日志 (admin): every change, who made it and when, newest first;
 * filters in the URL; keyset pages added with 加载更多.
 */
import { ReloadOutlined, SearchOutlined } from '@ant-design/icons';
import { Button, Card, DatePicker, Form, Input, Select, Space, type TableColumnsType, Tag, Typography } from 'antd';
import { KeysetTable } from '../../components/KeysetTable.tsx';
import { formatDateTime, formatMoney } from '../../lib/format.ts';
import type { AuditEntry } from '../../lib/schemas.ts';
import { type FilterValues, useUrlFilters } from '../../lib/url-filters.ts';
import { ROLE_LABELS } from '../auth/session.ts';
import { FORM_STATES, REASON_LABELS, STATE_LABELS } from '../red-flush/labels.ts';
import { AUDIT_FILTERS, useAuditLog } from './api.ts';

export const ACTIONS: Readonly<Record<string, string>> = {
  'session.login': '登录',
  'session.logout': '退出登录',
  'user.change_password': '修改密码',
  'user.create': '新建用户',
  'user.role': '修改角色',
  'user.disable': '停用用户',
  'user.enable': '启用用户',
  'user.reset_password': '重置密码',
  'app.create': '新建应用',
  'app.revoke': '吊销应用',
  'app.rotate': '更换应用密钥',
  'channel.set': '修改渠道设置',
  'red_flush.request': '发起红冲',
  'red_flush.info_sheet': '填写红字信息表编号',
  'red_confirm_form.confirm': '确认红字确认单',
  'red_confirm_form.reject': '拒绝红字确认单',
  'red_confirm_form.revoke': '撤销红字确认单',
  'red_confirm_form.refresh': '刷新红字确认单',
  'red_confirm_form.sync': '同步红字确认单',
};

/** The names of the details' fields. */
const DETAIL_LABELS: Readonly<Record<string, string>> = {
  appKey: 'appKey',
  scopes: '权限',
  channels: '限定渠道',
  sellers: '限定销方',
  rejectFindings: '拒收检查项',
  adapter: '调用方式',
  endpoint: '接口地址',
  userTax: '销方税号',
  appSecret: '应用密钥',
  accessToken: '访问令牌',
  invoiceCode: '发票代码',
  invoiceNumber: '发票号码',
  reason: '红冲原因',
  kind: '红冲方式',
  amount: '金额',
  tax: '税额',
  total: '价税合计',
  state: '状态',
  name: '名称',
  role: '角色',
  infoSheetNo: '红字信息表编号',
};

const DETAIL_VALUES: Readonly<Record<string, string>> = {
  replaced: '已替换',
  full: '全额红冲',
  partial: '部分红冲',
  push: '推送发票',
  read: '查询发票',
  redflush: '发起红冲',
  none: '无',
  nuonuo: '诺诺',
};

function detailValue(value: unknown): string {
  if (value === null) return '全部';
  if (Array.isArray(value)) return value.length === 0 ? '无' : value.map(detailValue).join('、');
  if (typeof value === 'string') return DETAIL_VALUES[value] ?? value;
  return JSON.stringify(value);
}

const ACTOR_TYPES: Readonly<Record<string, string>> = { user: '用户', app: '应用', cli: '命令行', system: '系统' };

function Details({ entry }: { entry: AuditEntry }) {
  const details = entry.details as Record<string, unknown>;
  if (entry.action === 'user.role') {
    const from = ROLE_LABELS[details.from as keyof typeof ROLE_LABELS] ?? String(details.from);
    const to = ROLE_LABELS[details.to as keyof typeof ROLE_LABELS] ?? String(details.to);
    return <>{`${from} → ${to}`}</>;
  }
  if (entry.action === 'red_flush.request') {
    const reason = REASON_LABELS[details.reason as keyof typeof REASON_LABELS] ?? String(details.reason);
    const kind = details.kind === 'partial' ? '部分红冲' : '全额红冲';
    const state = STATE_LABELS[details.state as keyof typeof STATE_LABELS] ?? String(details.state);
    return (
      <>
        发票 {String(details.invoiceNumber)}，{kind} {formatMoney(String(details.total))}（{reason}），{state}
      </>
    );
  }
  if (entry.action.startsWith('red_confirm_form.') && entry.action !== 'red_confirm_form.sync') {
    const name = details.billNo ?? details.billId;
    const state = typeof details.state === 'string' ? (FORM_STATES[details.state] ?? details.state) : '';
    return (
      <>
        确认单 {String(name ?? '—')}（渠道 {String(details.channelCode ?? '—')}，当时状态 {state}）
        {typeof details.reason === 'string' && details.reason ? `，理由：${details.reason}` : ''}
      </>
    );
  }
  if (entry.action === 'red_confirm_form.sync') return <>{details.queued ? '已开始同步' : '同步已在进行中'}</>;
  if (entry.action === 'user.create' && typeof details.role === 'string') {
    return <>角色：{ROLE_LABELS[details.role as keyof typeof ROLE_LABELS] ?? details.role}</>;
  }
  const entries = Object.entries(details);
  if (entries.length === 0) return <>—</>;
  return (
    <Typography.Text style={{ fontSize: 12 }}>
      {entries.map(([key, value]) => `${DETAIL_LABELS[key] ?? key}：${detailValue(value)}`).join('；')}
    </Typography.Text>
  );
}

const columns: TableColumnsType<AuditEntry> = [
  { title: '时间', dataIndex: 'at', width: 160, render: (ms: number) => formatDateTime(ms) },
  {
    title: '操作人',
    key: 'actor',
    width: 200,
    render: (_value, entry) => (
      <Space size={4}>
        <Tag style={{ marginInlineEnd: 0 }}>{ACTOR_TYPES[entry.actorType] ?? entry.actorType}</Tag>
        {entry.actorName}
      </Space>
    ),
  },
  { title: '操作', dataIndex: 'action', width: 130, render: (action: string) => ACTIONS[action] ?? action },
  {
    title: '对象',
    dataIndex: 'target',
    width: 220,
    render: (target: string | null) => <span style={{ wordBreak: 'break-all' }}>{target ?? '—'}</span>,
  },
  { title: '详情', key: 'details', render: (_value, entry) => <Details entry={entry} /> },
  {
    title: '请求编号',
    dataIndex: 'requestId',
    width: 120,
    render: (id: string | null) =>
      id ? (
        <Typography.Text type="secondary" style={{ fontSize: 12 }} copyable={{ text: id, tooltips: ['复制', '已复制'] }}>
          {id.slice(0, 8)}
        </Typography.Text>
      ) : (
        '—'
      ),
  },
];

const URL_FILTERS = { names: AUDIT_FILTERS, dateRange: { field: 'dates', from: 'from', to: 'to' } } as const;

export function AuditLogPage() {
  const filters = useUrlFilters(URL_FILTERS);
  const log = useAuditLog(filters.filters);

  return (
    <Card title="审计日志" variant="borderless">
      <Form<FilterValues>
        form={filters.form}
        initialValues={filters.initialValues}
        layout="inline"
        onFinish={filters.apply}
        style={{ marginBottom: 16, rowGap: 12 }}
      >
        <Form.Item label="日期" name="dates">
          <DatePicker.RangePicker allowEmpty={[true, true]} />
        </Form.Item>
        <Form.Item label="操作" name="action">
          <Select
            allowClear
            style={{ width: 140 }}
            placeholder="全部"
            options={Object.entries(ACTIONS).map(([value, label]) => ({ value, label }))}
          />
        </Form.Item>
        <Form.Item label="操作人" name="actorName">
          <Input allowClear style={{ width: 150 }} maxLength={200} />
        </Form.Item>
        <Form.Item label="对象" name="target">
          <Input allowClear style={{ width: 170 }} maxLength={300} placeholder="如 user:zhang.san" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
              查询
            </Button>
            <Button icon={<ReloadOutlined />} onClick={filters.reset}>
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      <KeysetTable<AuditEntry> list={log} rowKey="id" size="middle" columns={columns} emptyText="没有符合条件的记录" unit="条" />
    </Card>
  );
}
