/** An amount as finance writes it; used by every page that shows money. */
import { Typography } from 'antd';
import { formatMoney } from '../lib/format.ts';

/** Thousands separators, two decimals, tabular digits; red invoices (and reversals) in red. Formatted, never computed. */
export function Money({ value, red = false, strong = false }: { value: string | null | undefined; red?: boolean; strong?: boolean }) {
  return (
    <Typography.Text type={red ? 'danger' : undefined} strong={strong} style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatMoney(value)}
    </Typography.Text>
  );
}
