// The kubelet's file source (pkg/kubelet/config/file.go, file_linux.go): the pods of the
// manifests in staticPodPath, re-read when inotify reports a change and every
// fileCheckFrequency (20 s) in case a notice was missed.
import type { KubeObject } from '../api/types';
import { parseYamlDocuments } from '../api/go-yaml';
import type { HostFs } from './host-fs';

// KubeletConfiguration fileCheckFrequency default (pkg/kubelet/apis/config/v1beta1/defaults.go)
export const FILE_CHECK_FREQUENCY_MS = 20_000;

// kubeadm's staticPodPath (cmd/kubeadm/app/constants: /etc/kubernetes/manifests)
export const STATIC_POD_PATH = '/etc/kubernetes/manifests';

export interface StaticPodSourceContext {
  fs: HostFs;
  after(ms: number, run: () => void): { cancel(): void };
  /** the directory's pods may have changed */
  changed(): void;
}

/**
 * file.go extractFromDir: each file of the directory (dot-files skipped, as the kubelet does)
 * that decodes as one Pod, keyed by file name; files that do not are left out, as the kubelet
 * logs "Could not process manifest file" and goes on.
 */
export function readStaticPods(fs: HostFs, dir = STATIC_POD_PATH): Map<string, KubeObject> {
  const pods = new Map<string, KubeObject>();
  for (const name of fs.list(dir)) {
    if (name.startsWith('.')) continue;
    let docs: unknown[] | undefined;
    try {
      docs = fs.parse(`${dir}/${name}`, parseYamlDocuments);
    } catch {
      continue;
    }
    const pod = docs?.[0] as KubeObject | undefined;
    if (docs?.length !== 1 || pod?.kind !== 'Pod' || !pod.metadata?.name) continue;
    // a copy: the parse is kept for the next rescan, and the kubelet builds on what it reads
    pods.set(name, structuredClone(pod));
  }
  return pods;
}

/** Watches the static pod directory while the kubelet runs: an inotify watch plus a resync. */
export class StaticPodSource {
  private unwatch?: () => void;
  private ticker?: { cancel(): void };
  private queued?: { cancel(): void };

  constructor(private readonly ctx: StaticPodSourceContext) {}

  start(): void {
    this.stop();
    // file_linux.go: inotify events on the directory (create, write, remove, rename)
    this.unwatch = this.ctx.fs.watch(STATIC_POD_PATH, () => {
      this.queued ??= this.ctx.after(0, () => {
        this.queued = undefined;
        this.ctx.changed();
      });
    });
    this.tick();
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.ticker?.cancel();
    this.ticker = undefined;
    this.queued?.cancel();
    this.queued = undefined;
  }

  /** The pods the directory holds now. */
  read(): KubeObject[] {
    return [...readStaticPods(this.ctx.fs).values()];
  }

  private tick(): void {
    this.ticker = this.ctx.after(FILE_CHECK_FREQUENCY_MS, () => {
      this.ctx.changed();
      this.tick();
    });
  }
}
