/** A tax number as finance checks it against the paper: whole, monospace, wrapped rather than cut. */
import { Typography } from 'antd';

export function TaxNo({ value, secondary = true }: { value: string | null | undefined; secondary?: boolean }) {
  if (!value) return <Typography.Text type="secondary">—</Typography.Text>;
  return (
    <Typography.Text
      type={secondary ? 'secondary' : undefined}
      data-testid="tax-no"
      style={{ fontFamily: "'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace", fontSize: 12, wordBreak: 'break-all' }}
    >
      {value}
    </Typography.Text>
  );
}
