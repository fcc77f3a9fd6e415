import type { ResourceInfo } from '../../api/types';

// pkg/kubeapiserver/default_storage_factory_builder.go DefaultWatchCacheSizes: core and
// events.k8s.io events get a watch cache of size 0, so none; their lists and watches go to etcd.
const WITHOUT_WATCH_CACHE: ReadonlySet<string> = new Set(['/events', 'events.k8s.io/events']);

/** Whether kube-apiserver keeps a watch cache for the resource (--watch-cache-sizes defaults). */
export function hasWatchCache(info: ResourceInfo): boolean {
  return !WITHOUT_WATCH_CACHE.has(`${info.group}/${info.resource}`);
}
