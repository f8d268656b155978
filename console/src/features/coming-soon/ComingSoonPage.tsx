/**
 * Pages whose API is not there yet: they say so plainly, with what they
 * will do, rather than show made-up data.
 */
import { Button, Card, Result } from 'antd';
import { useNavigate } from 'react-router';

const FEATURES = {
  forms: {
    title: '红字确认单',
    text: '查看红字确认单及其状态，待确认的确认单显示剩余确认时间；按状态确认、拒绝、撤销或刷新，每次操作都有记录。',
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
