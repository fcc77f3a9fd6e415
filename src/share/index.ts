/** Shareable exact states: the URL fragment that rebuilds a view by replaying its session. */
export {
  decodeSharedView,
  encodeSharedView,
  linkNotice,
  readLinkFragment,
  SHARE_PARAM,
  shareLink,
} from './codec';
export type { LinkReading } from './codec';
export { FAULT_OPS } from './fault-reader';
export { SHARE_LIMITS } from './limits';
export type { SharedAction, SharedSession, SharedView } from './shared-view';
export { SPEED_RANGE, WIRE_VERSION } from './wire';
export type { KnownScenarios } from './wire';
