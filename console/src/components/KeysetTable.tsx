/**
 * A list of keyset pages: the rows loaded so far, a spinner while the
 * first page (or a new filter) loads, the empty state in words, the error
 * in Chinese, and the footer "已加载 N 张" with 加载更多 while the API
 * says there is more.
 */
import { Alert, Button, Empty, Flex, Table, type TableProps, Typography } from 'antd';
import { describeError } from '../lib/api.ts';
import { type KeysetList, rowsOf } from '../lib/keyset.ts';

export interface KeysetTableProps<T> extends Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'locale'> {
  readonly list: KeysetList<T>;
  /** What the list is of, when there is none ("没有符合条件的发票"). */
  readonly emptyText: string;
  /** The measure word of the count: 张, 笔, 条, 次. */
  readonly unit: string;
}

export function KeysetTable<T extends object>({ list, emptyText, unit, ...table }: KeysetTableProps<T>) {
  const rows = rowsOf(list);
  return (
    <>
      {list.isError && <Alert type="error" showIcon title={describeError(list.error)} style={{ marginBottom: 16 }} />}
      <Table<T>
        size="small"
        {...table}
        dataSource={rows}
        loading={list.isPending || (list.isFetching && !list.isFetchingNextPage)}
        pagination={false}
        locale={{
          emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={list.isPending ? '加载中…' : emptyText} />,
        }}
      />
      <Flex justify="space-between" align="center" style={{ marginTop: 16 }}>
        <Typography.Text type="secondary" data-testid="loaded-count">
          已加载 {rows.length} {unit}
        </Typography.Text>
        {list.hasNextPage ? (
          <Button onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
            加载更多
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">已全部加载</Typography.Text>
        )}
      </Flex>
    </>
  );
}
