/** A date over its time (Beijing), so a table column stays narrow. */
import { Flex, Typography } from 'antd';
import { formatDateTime } from '../lib/format.ts';

export function DateTimeLines({ ms }: { ms: number | null | undefined }) {
  if (ms === null || ms === undefined || Number.isNaN(ms)) return <Typography.Text type="secondary">—</Typography.Text>;
  const [date, time] = formatDateTime(ms).split(' ');
  return (
    <Flex vertical style={{ fontVariantNumeric: 'tabular-nums' }}>
      <span>{date}</span>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {time}
      </Typography.Text>
    </Flex>
  );
}
