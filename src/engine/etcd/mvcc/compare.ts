import type { Compare, KeyValue } from './types';

/**
 * server/etcdserver/txn/txn.go compareKV: a key that is absent compares as the zero KeyValue,
 * except VALUE, which always fails on an absent key (nil and "" cannot be told apart).
 */
export function compareKV(c: Compare, kv: KeyValue | undefined): boolean {
  if (kv === undefined && c.target === 'VALUE') return false;
  let ours: number | string;
  let theirs: number | string;
  switch (c.target) {
    case 'VERSION':
      ours = kv?.version ?? 0;
      theirs = c.version ?? 0;
      break;
    case 'CREATE':
      ours = kv?.createRevision ?? 0;
      theirs = c.createRevision ?? 0;
      break;
    case 'MOD':
      ours = kv?.modRevision ?? 0;
      theirs = c.modRevision ?? 0;
      break;
    case 'LEASE':
      ours = kv?.lease ?? 0;
      theirs = c.lease ?? 0;
      break;
    case 'VALUE':
      ours = kv!.value;
      theirs = c.value ?? '';
      break;
  }
  switch (c.result) {
    case 'EQUAL':
      return ours === theirs;
    case 'NOT_EQUAL':
      return ours !== theirs;
    case 'GREATER':
      return ours > theirs;
    case 'LESS':
      return ours < theirs;
  }
}
