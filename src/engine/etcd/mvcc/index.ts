export { compareKV } from './compare';
export { ErrCompacted, ErrFutureRev, MvccError } from './errors';
export { inRange, prefixEnd, SortedKeys } from './keys';
export { MvccStore } from './store';
export type { WatchHandle } from './store';
export type * from './types';
