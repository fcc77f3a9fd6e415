import type { EtcdBackend } from './storage/backend';

// kube-apiserver --etcd-compaction-interval default (k8s.io/apiserver storagebackend config).
export const COMPACTION_INTERVAL_MS = 5 * 60_000;
// The key the apiservers coordinate through, so only one of them compacts each interval.
const COMPACT_REV_KEY = 'compact_rev_key';

/**
 * The apiserver's etcd compactor (k8s.io/apiserver pkg/storage/etcd3/compact.go): every
 * interval, whoever wins a txn on compact_rev_key's version compacts etcd up to the revision
 * seen one interval earlier, so history older than about five minutes goes away.
 */
export class Compactor {
  private version = 0;
  private revision = 0;
  private timer?: { cancel(): void };

  constructor(
    private readonly etcd: EtcdBackend,
    private readonly after: (ms: number, run: () => void) => { cancel(): void },
  ) {}

  start(): void {
    this.timer = this.after(COMPACTION_INTERVAL_MS, () => this.tick());
  }

  stop(): void {
    this.timer?.cancel();
  }

  private tick(): void {
    const rev = this.revision;
    this.etcd.txn(
      {
        compare: [{ key: COMPACT_REV_KEY, target: 'VERSION', result: '=', value: this.version }],
        success: [{ op: 'put', key: COMPACT_REV_KEY, value: String(rev) }],
        failure: [{ op: 'get', key: COMPACT_REV_KEY }],
      },
      'bg-compaction',
      (err, res) => {
        if (!err && res) {
          if (!res.succeeded) this.version = res.kvs[0]?.version ?? this.version;
          else {
            this.version += 1;
            // Nothing is compacted at bootstrap (rev 0).
            if (rev > 0) this.etcd.compact(rev, () => undefined);
          }
          this.revision = res.revision;
        }
        this.start();
      },
    );
  }
}
