// A node's own files: the text files an operator changes over ssh (kubeadm's static pod
// manifests above all), with inotify-like change notices for the kubelet's file source.

/** A change to one file: written (created or modified) or removed (deleted, moved away). */
export interface HostFsEvent {
  path: string;
  op: 'write' | 'remove';
}

// Directories every node has, so `mv x /tmp/` and `ls /etc/kubernetes` work while they are empty.
const BASE_DIRS = [
  '/',
  '/etc',
  '/etc/kubernetes',
  '/etc/kubernetes/manifests',
  '/etc/kubernetes/pki',
  '/root',
  '/tmp',
  '/var',
  '/var/lib',
  '/var/lib/kubelet',
];

/** The parent directory of an absolute path (`/a/b.yaml` → `/a`). */
export function dirname(path: string): string {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

/** The last element of a path (`/a/b.yaml` → `b.yaml`). */
export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * A node's text files keyed by absolute path. Directories exist implicitly (a file's parents)
 * or as one of the base directories; watchers of a directory hear about its direct children.
 *
 *   fs.write('/etc/kubernetes/manifests/etcd.yaml', text);
 *   fs.list('/etc/kubernetes/manifests'); // ['etcd.yaml']
 */
export class HostFs {
  // a file's text, or how to write it when first read (kubeadm's manifests cost a YAML
  // encoding each, and the kubelet only needs them parsed)
  private readonly files = new Map<string, string | (() => string)>();
  // what a reader parsed from a file, kept until the file changes
  private readonly parsedCache = new Map<string, { value: unknown } | { error: unknown }>();
  private readonly dirs = new Set<string>(BASE_DIRS);
  private readonly watchers = new Map<string, Set<(e: HostFsEvent) => void>>();

  /** The file's content, or undefined if there is no such file. */
  read(path: string): string | undefined {
    const content = this.files.get(path);
    if (typeof content !== 'function') return content;
    const text = content();
    this.files.set(path, text);
    return text;
  }

  /**
   * Creates or replaces a file (its parent directories come into being with it). `parsed`,
   * when given, is what parsing `content` gives, so the first reader need not parse it.
   */
  write(path: string, content: string | (() => string), parsed?: { value: unknown }): void {
    this.files.set(path, content);
    if (parsed) this.parsedCache.set(path, parsed);
    else this.parsedCache.delete(path);
    for (let d = dirname(path); !this.dirs.has(d); d = dirname(d)) this.dirs.add(d);
    this.notify({ path, op: 'write' });
  }

  /**
   * The file parsed by `parse`, parsed once per change of the file (the kubelet rescans its
   * manifests every 20 s); throws what `parse` threw. Undefined if there is no such file.
   */
  parse<T>(path: string, parse: (text: string) => T): T | undefined {
    if (!this.files.has(path)) return undefined;
    let entry = this.parsedCache.get(path);
    if (!entry) {
      try {
        entry = { value: parse(this.read(path)!) };
      } catch (error) {
        entry = { error };
      }
      this.parsedCache.set(path, entry);
    }
    if ('error' in entry) throw entry.error;
    return entry.value as T;
  }

  /** Deletes a file; false if there was none. */
  remove(path: string): boolean {
    if (!this.files.delete(path)) return false;
    this.parsedCache.delete(path);
    this.notify({ path, op: 'remove' });
    return true;
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  isDir(path: string): boolean {
    return this.dirs.has(path);
  }

  /** The names of a directory's direct children (files and directories), sorted as ls does. */
  list(dir: string): string[] {
    const prefix = dir === '/' ? '/' : `${dir}/`;
    const names = new Set<string>();
    for (const p of [...this.files.keys(), ...this.dirs]) {
      if (p.startsWith(prefix) && p !== dir) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }

  /** Every file, by path (sorted). */
  paths(): string[] {
    return [...this.files.keys()].sort();
  }

  /** Calls `listener` for each change to a direct child of `dir`; returns an unsubscribe. */
  watch(dir: string, listener: (e: HostFsEvent) => void): () => void {
    let set = this.watchers.get(dir);
    if (!set) this.watchers.set(dir, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  private notify(e: HostFsEvent): void {
    for (const l of this.watchers.get(dirname(e.path)) ?? []) l(e);
  }
}
