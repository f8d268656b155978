/** Pieces the push pages share: a result as a tag, a batch as a link to its page. */
import { Tag } from 'antd';
import { Link } from 'react-router';
import { RESULTS } from './labels.ts';

export function ResultTag({ result }: { result: number }) {
  const known = RESULTS[result];
  return (
    <Tag color={known?.color ?? 'default'} style={{ marginInlineEnd: 0 }}>
      {known?.label ?? String(result)}
    </Tag>
  );
}

export function batchPath(channelCode: string, serialNo: string): string {
  return `/pushes/batch?${new URLSearchParams({ channelCode, serialNo })}`;
}

export function BatchLink({ channelCode, serialNo }: { channelCode: string; serialNo: string | null }) {
  if (serialNo === null) return <>—</>;
  return (
    <Link to={batchPath(channelCode, serialNo)} style={{ wordBreak: 'break-all' }}>
      {serialNo}
    </Link>
  );
}
