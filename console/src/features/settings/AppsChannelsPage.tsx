/**
 * 设置 → 应用与渠道 (admin). 应用: the apps that call the API (scopes, the
 * channels and sellers they are limited to); make one (its appKey and
 * appSecurity shown once), give it a new appSecurity, revoke it. 渠道: how
 * fapiao-hub calls each channel (adapter, endpoint, app key, user tax
 * number) and which findings refuse its pushes; secrets can be replaced,
 * never shown. The tab is in the URL (`?tab=channels`). Every change is in
 * the audit log.
 */
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Checkbox,
  Flex,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  type TableColumnsType,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { CreateDialog } from '../../components/CreateDialog.tsx';
import { DateTimeLines } from '../../components/DateTimeLines.tsx';
import { ShownOnce } from '../../components/ShownOnce.tsx';
import { describeError } from '../../lib/api.ts';
import { formatIsoDateTime } from '../../lib/format.ts';
import { useOnce } from '../../lib/once.ts';
import type {
  ConsoleApp,
  ConsoleAppCredentials,
  ConsoleChannel,
  ConsoleChannelPatch,
  ConsoleNewApp,
  FindingCode,
} from '../../lib/schemas.ts';
import { FINDINGS } from '../invoices/labels.ts';
import { useApps, useChannels, useCreateApp, useRevokeApp, useRotateApp, useSetChannel } from './api.ts';

const SCOPE_LABELS: Readonly<Record<string, string>> = { push: '推送发票', read: '查询发票', redflush: '发起红冲' };
const SCOPE_OPTIONS = Object.entries(SCOPE_LABELS).map(([value, label]) => ({ value, label }));
const ADAPTER_LABELS: Readonly<Record<string, string>> = { nuonuo: '诺诺（诺税通）' };
const FINDING_OPTIONS = Object.entries(FINDINGS).map(([value, label]) => ({ value, label: `${label}（${value}）` }));

/** Mirror the API's rules (openapi.yaml `ConsoleAppName`, tax numbers). */
const APP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const TAX_NO = /^[0-9A-Z]{15,20}$/;

function Limits({ values, any }: { values: readonly string[] | null; any: string }) {
  if (values === null) return <Typography.Text type="secondary">{any}</Typography.Text>;
  return (
    <Space size={[4, 4]} wrap>
      {values.map((value) => (
        <Tag key={value} style={{ marginInlineEnd: 0 }}>
          {value}
        </Tag>
      ))}
    </Space>
  );
}

function Credentials({ shown, onClose }: { shown: { title: string; result: ConsoleAppCredentials } | undefined; onClose: () => void }) {
  return (
    <ShownOnce
      shown={
        shown && {
          title: shown.title,
          warning: '应用密钥（appSecurity）只显示这一次，请现在交给应用的负责人；系统只保存其摘要，无法再次查看。',
          owner: { label: '应用名称', name: shown.result.app.name },
          secrets: [
            { label: 'appKey', value: shown.result.app.appKey, testId: 'app-key' },
            { label: 'appSecurity', value: shown.result.appSecurity, testId: 'app-security', style: { wordBreak: 'break-all' } },
          ],
        }
      }
      onClose={onClose}
    />
  );
}

interface NewAppForm {
  name: string;
  scopes: string[];
  channels?: string[];
  sellers?: string[];
}

function AppsTab() {
  const { message, modal } = App.useApp();
  const apps = useApps();
  const create = useCreateApp();
  const revoke = useRevokeApp();
  const rotate = useRotateApp();
  const [shown, setShown] = useState<{ title: string; result: ConsoleAppCredentials } | undefined>();
  const fail = (error: unknown) => message.error(describeError(error));

  // Fits a 1366×768 laptop without scrolling (about 1,060 px inside the card): long names and keys are cut with the whole on hover,
  // the sellers take what is left, and 操作 stays at the right edge when a narrower window scrolls.
  const columns: TableColumnsType<ConsoleApp> = [
    {
      title: '应用名称',
      dataIndex: 'name',
      width: 120,
      ellipsis: { showTitle: false },
      render: (name: string) => (
        <Typography.Text strong ellipsis={{ tooltip: name }}>
          {name}
        </Typography.Text>
      ),
    },
    {
      title: 'appKey',
      dataIndex: 'appKey',
      width: 150,
      ellipsis: { showTitle: false },
      render: (key: string) => (
        <Typography.Text copyable={{ tooltips: ['复制', '已复制'] }} ellipsis={{ tooltip: key }} style={{ fontSize: 12 }}>
          {key}
        </Typography.Text>
      ),
    },
    {
      title: '权限',
      dataIndex: 'scopes',
      width: 128,
      render: (scopes: string[]) => (
        <Space size={[4, 4]} wrap>
          {scopes.map((scope) => (
            <Tag key={scope} color="blue" style={{ marginInlineEnd: 0 }}>
              {SCOPE_LABELS[scope] ?? scope}
            </Tag>
          ))}
        </Space>
      ),
    },
    {
      title: '限定渠道',
      dataIndex: 'channels',
      width: 100,
      render: (channels: string[] | null) => <Limits values={channels} any="全部渠道" />,
    },
    {
      title: '限定销方',
      dataIndex: 'sellers',
      render: (sellers: string[] | null) => <Limits values={sellers} any="全部销方" />,
    },
    {
      title: '创建时间',
      dataIndex: 'createdAt',
      width: 104,
      render: (ms: number) => <DateTimeLines ms={ms} />,
    },
    {
      title: '状态',
      key: 'state',
      width: 76,
      render: (_value, app) => (app.revokedAt === null ? <Tag color="green">正常</Tag> : <Tag>已吊销</Tag>),
    },
    {
      title: '操作',
      key: 'actions',
      width: 150,
      fixed: 'right',
      render: (_value, app) =>
        app.revokedAt === null && (
          <Space size={0}>
            <Button
              type="link"
              size="small"
              onClick={() =>
                modal.confirm({
                  title: `更换 ${app.name} 的应用密钥？`,
                  content: '将生成新的 appSecurity；旧密钥及其签发的全部令牌立即失效，应用须改用新密钥。',
                  okText: '更换',
                  cancelText: '取消',
                  onOk: () =>
                    rotate.mutateAsync(app.name).then(
                      (result) => setShown({ title: '应用密钥已更换', result }),
                      (error: unknown) => {
                        fail(error);
                      },
                    ),
                })
              }
            >
              更换密钥
            </Button>
            <Button
              type="link"
              size="small"
              danger
              onClick={() =>
                modal.confirm({
                  title: `吊销应用 ${app.name}？`,
                  content: '吊销后该应用的密钥和全部令牌立即失效，且不能恢复。',
                  okText: '吊销',
                  okButtonProps: { danger: true },
                  cancelText: '取消',
                  onOk: () =>
                    revoke.mutateAsync(app.name).then(
                      () => {
                        message.success(`已吊销 ${app.name}`);
                      },
                      (error: unknown) => {
                        fail(error);
                      },
                    ),
                })
              }
            >
              吊销
            </Button>
          </Space>
        ),
    },
  ];

  const toInput = (values: NewAppForm): ConsoleNewApp => ({
    name: values.name.trim(),
    scopes: values.scopes as ConsoleNewApp['scopes'],
    channels: values.channels?.length ? values.channels : null,
    sellers: values.sellers?.length ? values.sellers : null,
  });

  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">接入的应用用 appKey 与 appSecurity 换取访问令牌，按权限调用接口。</Typography.Text>
        <CreateDialog<NewAppForm, ConsoleNewApp, ConsoleAppCredentials>
          what="应用"
          initialValues={{ scopes: ['read'] }}
          create={create}
          toInput={toInput}
          onCreated={(result) => setShown({ title: '应用已创建', result })}
        >
          <Form.Item
            label="应用名称"
            name="name"
            extra="字母、数字及 . _ -，以字母或数字开头，不可重名"
            rules={[
              { required: true, message: '请输入应用名称' },
              { max: 64, message: '最多 64 位' },
              { pattern: APP_NAME, message: '只能包含字母、数字及 . _ -，且以字母或数字开头' },
            ]}
          >
            <Input autoComplete="off" maxLength={64} />
          </Form.Item>
          <Form.Item label="权限" name="scopes" rules={[{ required: true, message: '至少选择一项权限' }]}>
            <Checkbox.Group options={SCOPE_OPTIONS} />
          </Form.Item>
          <Form.Item label="限定渠道" name="channels" extra="只能为这些渠道推送和红冲；留空为全部渠道。输入渠道编码后回车。">
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder="全部渠道" aria-label="限定渠道" />
          </Form.Item>
          <Form.Item
            label="限定销方"
            name="sellers"
            extra="只能查询和红冲这些销方的发票；留空为全部销方。输入税号后回车。"
            rules={[
              {
                validator: async (_rule, sellers: string[] | undefined) => {
                  const wrong = (sellers ?? []).filter((seller) => !TAX_NO.test(seller));
                  if (wrong.length > 0) throw new Error(`税号应为 15 到 20 位数字或大写字母：${wrong.join('、')}`);
                },
              },
            ]}
          >
            <Select mode="tags" tokenSeparators={[',', ' ']} open={false} placeholder="全部销方" aria-label="限定销方" />
          </Form.Item>
        </CreateDialog>
      </Flex>
      {apps.isError && <Alert type="error" showIcon title={describeError(apps.error)} style={{ marginBottom: 16 }} />}
      <Table<ConsoleApp>
        rowKey="name"
        size="middle"
        columns={columns}
        dataSource={apps.data ?? []}
        loading={apps.isPending}
        pagination={false}
        tableLayout="fixed"
        scroll={{ x: 1000 }}
      />
      <Credentials shown={shown} onClose={() => setShown(undefined)} />
    </>
  );
}

interface ChannelForm {
  channelCode: string;
  adapter: 'nuonuo' | 'none';
  endpoint?: string;
  appKey?: string;
  userTax?: string;
  appSecret?: string;
  accessToken?: string;
  rejectFindings: FindingCode[];
}

/** The API's rule for an endpoint: an http(s) URL without credentials, query or fragment. */
function checkEndpoint(value: string | undefined): void {
  const text = value?.trim();
  if (!text) return;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('请输入 http(s) 地址，如 https://sdk.nuonuo.com');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password || url.search || url.hash) {
    throw new Error('请输入不含用户名、查询参数的 http(s) 地址，如 https://sdk.nuonuo.com');
  }
}

/** What the form changes of the channel as it is: only those fields are sent; an empty secret field keeps the stored one. */
function changesOf(values: ChannelForm, current: ConsoleChannel | undefined): ConsoleChannelPatch {
  const changes: ConsoleChannelPatch = {};
  const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((item) => b.includes(item));
  if (!current || !same(values.rejectFindings, current.rejectFindings)) changes.rejectFindings = values.rejectFindings;
  const adapter = current?.adapter ?? null;
  if (values.adapter === 'none') {
    if (adapter) changes.adapter = 'none';
    return changes;
  }
  if (adapter?.kind !== values.adapter) changes.adapter = values.adapter;
  const endpoint = values.endpoint?.trim();
  if (endpoint && endpoint !== adapter?.endpoint) changes.endpoint = endpoint;
  const appKey = values.appKey?.trim();
  if (appKey && appKey !== adapter?.appKey) changes.appKey = appKey;
  const userTax = values.userTax?.trim() ?? '';
  if (userTax !== (adapter?.userTax ?? '')) changes.userTax = userTax === '' ? 'none' : userTax;
  if (values.appSecret) changes.appSecret = values.appSecret;
  if (values.accessToken) changes.accessToken = values.accessToken;
  return changes;
}

function SecretState({ state }: { state: 'set' | 'missing' }) {
  return state === 'set' ? <Tag color="green">已设置</Tag> : <Tag color="red">未设置</Tag>;
}

function ChannelsTab() {
  const { message } = App.useApp();
  const channels = useChannels();
  const setChannel = useSetChannel();
  const [editing, setEditing] = useState<{ current: ConsoleChannel | undefined } | undefined>();
  const [form] = Form.useForm<ChannelForm>();
  const adapter = Form.useWatch('adapter', form);

  const open = (current: ConsoleChannel | undefined) => {
    form.resetFields();
    form.setFieldsValue({
      channelCode: current?.channelCode ?? '',
      adapter: current?.adapter?.kind ?? 'none',
      endpoint: current?.adapter?.endpoint,
      appKey: current?.adapter?.appKey,
      userTax: current?.adapter?.userTax ?? undefined,
      rejectFindings: [...(current?.rejectFindings ?? [])],
    });
    setEditing({ current });
  };

  const columns: TableColumnsType<ConsoleChannel> = [
    { title: '渠道编码', dataIndex: 'channelCode', width: 120, render: (code: string) => <Typography.Text strong>{code}</Typography.Text> },
    {
      title: '调用方式',
      key: 'adapter',
      width: 200,
      render: (_value, channel) =>
        channel.adapter ? (
          <Flex vertical style={{ minWidth: 0 }}>
            <span>{ADAPTER_LABELS[channel.adapter.kind] ?? channel.adapter.kind}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }} ellipsis={{ tooltip: channel.adapter.endpoint }}>
              {channel.adapter.endpoint}
            </Typography.Text>
          </Flex>
        ) : (
          <Typography.Text type="secondary">仅接收推送</Typography.Text>
        ),
    },
    { title: 'appKey', key: 'appKey', width: 110, render: (_value, channel) => channel.adapter?.appKey ?? '—' },
    { title: '销方税号（userTax）', key: 'userTax', width: 176, render: (_value, channel) => channel.adapter?.userTax ?? '—' },
    {
      title: '密钥',
      key: 'secrets',
      width: 150,
      render: (_value, channel) =>
        channel.adapter ? (
          <Flex vertical gap={4}>
            <span>
              应用密钥 <SecretState state={channel.adapter.secrets.appSecret} />
            </span>
            <span>
              访问令牌 <SecretState state={channel.adapter.secrets.accessToken} />
            </span>
          </Flex>
        ) : (
          '—'
        ),
    },
    {
      title: '拒收的检查项',
      dataIndex: 'rejectFindings',
      width: 150,
      render: (codes: FindingCode[]) =>
        codes.length === 0 ? (
          <Typography.Text type="secondary">不拒收</Typography.Text>
        ) : (
          <Space size={[4, 4]} wrap>
            {codes.map((code) => (
              <Tag key={code} title={code} style={{ marginInlineEnd: 0 }}>
                {FINDINGS[code] ?? code}
              </Tag>
            ))}
          </Space>
        ),
    },
    { title: '更新时间', dataIndex: 'updatedAt', width: 156, render: (iso: string) => formatIsoDateTime(iso) },
    {
      title: '操作',
      key: 'actions',
      width: 80,
      fixed: 'right',
      render: (_value, channel) => (
        <Button type="link" size="small" icon={<EditOutlined />} onClick={() => open(channel)}>
          修改
        </Button>
      ),
    },
  ];

  // One request per 保存, however fast it is clicked twice (the form's validation is asynchronous).
  const saving = useOnce();
  const submit = async (values: ChannelForm) => {
    const current = editing?.current;
    const channelCode = current?.channelCode ?? values.channelCode.trim();
    const changes = changesOf(values, current);
    if (Object.keys(changes).length === 0) {
      setEditing(undefined);
      message.info('没有修改');
      return;
    }
    try {
      await setChannel.mutateAsync({ channelCode, changes });
      setEditing(undefined);
      message.success(`渠道 ${channelCode} 已保存`);
    } catch (error) {
      message.error(describeError(error));
    }
  };

  const current = editing?.current;
  const nuonuo = adapter === 'nuonuo';
  const secretKept = current?.adapter?.kind === 'nuonuo';
  return (
    <>
      <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
        <Typography.Text type="secondary">
          渠道推送开票结果；设置了调用方式的渠道，fapiao-hub 可向其申请红冲。密钥加密保存，只能替换，不能查看。
        </Typography.Text>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => open(undefined)}>
          新增渠道设置
        </Button>
      </Flex>
      {channels.isError && <Alert type="error" showIcon title={describeError(channels.error)} style={{ marginBottom: 16 }} />}
      <Table<ConsoleChannel>
        rowKey="channelCode"
        size="middle"
        columns={columns}
        dataSource={channels.data ?? []}
        loading={channels.isPending}
        pagination={false}
        scroll={{ x: 1150 }}
      />
      <Modal
        open={editing !== undefined}
        title={current ? `修改渠道 ${current.channelCode}` : '新增渠道设置'}
        okText="保存"
        cancelText="取消"
        confirmLoading={saving.busy}
        onCancel={() => setEditing(undefined)}
        onOk={() => void saving.run(async () => submit(await form.validateFields()))}
        width={640}
        destroyOnHidden
      >
        <Form<ChannelForm> form={form} layout="vertical" onFinish={(values) => void saving.run(() => submit(values))} autoComplete="off">
          {!current && (
            <Form.Item
              label="渠道编码"
              name="channelCode"
              extra="与推送中的 channelCode 一致"
              rules={[
                { required: true, whitespace: true, message: '请输入渠道编码' },
                { max: 64, message: '最多 64 位' },
              ]}
            >
              <Input maxLength={64} />
            </Form.Item>
          )}
          <Form.Item label="调用方式" name="adapter">
            <Select
              options={[
                { value: 'none', label: '不调用（仅接收推送）' },
                { value: 'nuonuo', label: ADAPTER_LABELS.nuonuo },
              ]}
            />
          </Form.Item>
          {nuonuo && (
            <>
              <Form.Item
                label="接口地址"
                name="endpoint"
                rules={[
                  { required: true, whitespace: true, message: '请输入接口地址' },
                  { validator: async (_rule, value: string | undefined) => checkEndpoint(value) },
                ]}
              >
                <Input placeholder="https://sdk.nuonuo.com" maxLength={500} />
              </Form.Item>
              <Flex gap={16}>
                <Form.Item
                  label="appKey"
                  name="appKey"
                  style={{ flex: 1 }}
                  rules={[
                    { required: true, whitespace: true, message: '请输入 appKey' },
                    { pattern: /^[\x21-\x7e]{1,128}$/, message: '可见 ASCII 字符，不含空格' },
                  ]}
                >
                  <Input maxLength={128} />
                </Form.Item>
                <Form.Item
                  label="销方税号（userTax）"
                  name="userTax"
                  style={{ flex: 1 }}
                  rules={[{ pattern: TAX_NO, message: '15 到 20 位数字或大写字母' }]}
                >
                  <Input maxLength={20} placeholder="自用型应用可不填" />
                </Form.Item>
              </Flex>
              <Flex gap={16}>
                <Form.Item
                  label="应用密钥（appSecret）"
                  name="appSecret"
                  style={{ flex: 1 }}
                  extra={secretKept ? '已设置；留空则保持不变' : undefined}
                  rules={[
                    { required: !secretKept, message: '请输入应用密钥' },
                    { pattern: /^[\x21-\x7e]{1,1024}$/, message: '可见 ASCII 字符，不含空格' },
                  ]}
                >
                  <Input.Password
                    autoComplete="new-password"
                    placeholder={secretKept ? '留空则不变' : undefined}
                    visibilityToggle={false}
                  />
                </Form.Item>
                <Form.Item
                  label="访问令牌（accessToken）"
                  name="accessToken"
                  style={{ flex: 1 }}
                  extra={secretKept ? '已设置；留空则保持不变' : undefined}
                  rules={[
                    { required: !secretKept, message: '请输入访问令牌' },
                    { pattern: /^[\x21-\x7e]{1,1024}$/, message: '可见 ASCII 字符，不含空格' },
                  ]}
                >
                  <Input.Password
                    autoComplete="new-password"
                    placeholder={secretKept ? '留空则不变' : undefined}
                    visibilityToggle={false}
                  />
                </Form.Item>
              </Flex>
            </>
          )}
          {current?.adapter && !nuonuo && (
            <Alert
              type="warning"
              showIcon
              title="保存后将删除该渠道的调用设置和密钥，fapiao-hub 不再向其申请红冲。"
              style={{ marginBottom: 16 }}
            />
          )}
          <Form.Item label="拒收的检查项" name="rejectFindings" extra="推送的发票有这些检查问题时整批拒收；不选则只标记、不拒收。">
            <Select mode="multiple" allowClear options={FINDING_OPTIONS} placeholder="不拒收" optionFilterProp="label" />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}

export function AppsChannelsPage() {
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') === 'channels' ? 'channels' : 'apps';
  return (
    <Card title="应用与渠道" variant="borderless">
      <Tabs
        activeKey={tab}
        onChange={(key) => setParams(key === 'channels' ? { tab: 'channels' } : {})}
        items={[
          { key: 'apps', label: '应用', children: <AppsTab /> },
          { key: 'channels', label: '渠道', children: <ChannelsTab /> },
        ]}
      />
    </Card>
  );
}
