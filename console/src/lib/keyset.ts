/**
 * The API's keyset pages (`{items, nextCursor}`; pass `nextCursor` as
 * `cursor` with the same filters): one query per list, pages added with
 * 加载更多, the previous rows kept on screen while a new filter loads.
 */
import { type InfiniteData, keepPreviousData, type UseInfiniteQueryResult, useInfiniteQuery } from '@tanstack/react-query';
import { api, type Query } from './api.ts';

export interface KeysetPage<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

export type KeysetList<T> = UseInfiniteQueryResult<InfiniteData<KeysetPage<T>>>;

const PAGE_SIZE = 50;

export function useKeysetList<T>(
  queryKey: readonly unknown[],
  path: string,
  query: Query,
  options: { enabled?: boolean } = {},
): KeysetList<T> {
  return useInfiniteQuery({
    queryKey: [...queryKey, query],
    queryFn: ({ pageParam }) => api<KeysetPage<T>>(path, { query: { ...query, limit: PAGE_SIZE, cursor: pageParam } }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled: options.enabled,
  });
}

/** Every row loaded so far, in order. */
export function rowsOf<T>(list: KeysetList<T>): T[] {
  return list.data?.pages.flatMap((page) => page.items) ?? [];
}
