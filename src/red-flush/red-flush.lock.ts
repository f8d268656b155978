/**
 * The one lock of a red-flush group (a blue invoice and its red invoices):
 * pushes, red-flush requests and the jobs that move them all take it here.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../db/database.ts';
import * as repository from './red-flush.repository.ts';
import type { GroupKey } from './red-flush.rules.ts';

export type LockMode = 'shared' | 'exclusive';

export interface GroupLock {
  readonly group: GroupKey;
  readonly mode: LockMode;
}

/** Groups share this many locks, so that one transaction never holds more than this many advisory locks. */
export const LOCK_BUCKETS = 64;

function bucketOf(group: GroupKey): number {
  return createHash('sha1').update(`${group.code}\u0000${group.number}`).digest().readUInt32BE(0) % LOCK_BUCKETS;
}

/**
 * Takes, for the rest of the transaction, the lock of each group (a blue
 * invoice's identity, which need not be stored yet, hashed into one of
 * LOCK_BUCKETS transaction advisory locks): exclusive to change what the
 * group holds (a red invoice pushed into it or moved out of it, a red-flush
 * request), shared to push only its blue invoice, so that pushes of blue
 * invoices never wait for each other here. Taken in bucket order (a bucket
 * exclusive if any of its groups is) and before any row lock, these locks
 * cannot deadlock each other, and a transaction that touches a group's rows
 * never holds a row that another transaction of the same group waits for.
 */
export async function lockGroups(db: Db, locks: readonly GroupLock[]): Promise<void> {
  await repository.lockBuckets(db, bucketsOf(locks));
}

/**
 * The statement that takes the locks of `lockGroups`, with its values
 * written in (no parameters: it can travel with its transaction's BEGIN,
 * db/connect.ts); undefined when there is no lock to take.
 */
export function lockGroupsText(locks: readonly GroupLock[]): string | undefined {
  return repository.lockBucketsText(bucketsOf(locks));
}

/** The buckets of these groups, in bucket order, each exclusive if any of its groups is. */
function bucketsOf(locks: readonly GroupLock[]): repository.BucketLock[] {
  const exclusive = new Map<number, boolean>();
  for (const { group, mode } of locks) {
    const bucket = bucketOf(group);
    exclusive.set(bucket, (exclusive.get(bucket) ?? false) || mode === 'exclusive');
  }
  return [...exclusive.keys()].sort((a, b) => a - b).map((bucket) => ({ bucket, exclusive: exclusive.get(bucket) === true }));
}
