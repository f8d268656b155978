/**
 * Pages whose API is not there yet: they say so plainly, with what they
 * will do, rather than show made-up data.
 */
import { Button, Card, Result } from 'antd';
import { useNavigate } from 'react-router';

const FEATURES = {
  redFlush: {
    title: '发票红冲',
    text: '勾选可红冲的蓝字发票（状态为正常或部分红冲、且剩余可红冲金额大于 0），一次最多 10 张；核对每张发票的红冲原因与金额（全额或部分）后提交，逐张查看结果。',
  },
  requests: {
    title: '红冲申请',
    text: '查看每笔红冲申请的状态与处理记录，按状态、渠道、销方筛选。',
  },
  forms: {
    title: '红字确认单',
    text: '查看红字确认单及其状态，待确认的确认单显示剩余确认时间；按状态确认、拒绝、撤销或刷新，每次操作都有记录。',
  },
  pushes: {
    title: '推送记录',
    text: '查看渠道推送的批次与每次推送的原始报文，今日被驳回或处理中的批次排在最前。',
  },
  apps: {
    title: '应用与渠道',
    text: '管理接入应用（新建、吊销、权限范围、渠道与销方限制）和渠道设置（适配器、地址、拒收的检查项）；密钥可替换，不可查看。在此之前请使用命令行：npm run -s cli -- app … / channel …',
  },
} as const;

export function ComingSoonPage({ feature }: { feature: keyof typeof FEATURES }) {
  const navigate = useNavigate();
  const { title, text } = FEATURES[feature];
  return (
    <Card title={title} variant="borderless">
      <Result
        status="info"
        title="即将上线"
        subTitle={<div style={{ maxWidth: 640, margin: '0 auto' }}>{text}</div>}
        extra={
          <Button type="primary" onClick={() => navigate('/invoices')}>
            返回发票查询
          </Button>
        }
      />
    </Card>
  );
}
