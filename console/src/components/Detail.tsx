/**
 * What every detail page (发票, 红冲申请, 红字确认单, 推送) shares: 返回 (to
 * where the user came from, or the list), a skeleton while it loads, a 404
 * page when there is no such thing (or the user may not see it), the error
 * in Chinese otherwise, and the header's bordered description block.
 */
import { ArrowLeftOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Card, Descriptions, type DescriptionsProps, Result, Skeleton, Space } from 'antd';
import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, describeError } from '../lib/api.ts';

/** A value or "—". */
export const text = (value: string | number | null | undefined): ReactNode =>
  value === null || value === undefined || value === '' ? '—' : value;

export function BackButton({ to }: { to: string }) {
  const navigate = useNavigate();
  return (
    <Button icon={<ArrowLeftOutlined />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate(to))}>
      返回
    </Button>
  );
}

/**
 * The page while its query has no data: loading, missing (404, or 400 for
 * an id that cannot be one), failed. `null` once the data is there.
 */
export function DetailPending({
  query,
  backTo,
  missingTitle,
  missingText,
}: {
  query: UseQueryResult<unknown>;
  backTo: string;
  missingTitle: string;
  missingText: string;
}): ReactNode {
  if (query.isPending) {
    return (
      <Card variant="borderless">
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (query.isError) {
    const missing = query.error instanceof ApiError && (query.error.status === 404 || query.error.status === 400);
    return (
      <Card variant="borderless">
        {missing ? (
          <Result status="404" title={missingTitle} subTitle={missingText} extra={<BackButton to={backTo} />} />
        ) : (
          <Alert type="error" showIcon title={describeError(query.error)} action={<BackButton to={backTo} />} />
        )}
      </Card>
    );
  }
  return null;
}

/** The header of a detail page: bordered, three to a row, labels on one line. */
export function HeaderDescriptions({ items, column = 3 }: { items: DescriptionsProps['items']; column?: number }) {
  return <Descriptions bordered size="small" column={column} items={items} styles={{ label: { width: 120, whiteSpace: 'nowrap' } }} />;
}

/** The page's first card: 返回 and the title, actions on the right, the header inside. */
export function DetailHeaderCard({
  backTo,
  title,
  extra,
  children,
}: {
  backTo: string;
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <Card
      variant="borderless"
      title={
        <Space>
          <BackButton to={backTo} />
          <span>{title}</span>
        </Space>
      }
      extra={extra}
    >
      {children}
    </Card>
  );
}
