// The kubelet's own-Node informer (kubelet.go NewMainKubelet: a list+watch of nodes with
// fieldSelector metadata.name=<node>, which the Node authorizer allows because the apiserver's
// request info takes the name from that selector). Its cache is what GetNode() reads.
import type { KubeObject } from '../api/types';
import type { RestClient } from '../client/rest-client';
import type { Envelope } from '../sim';

// client-go reflector's first retry after a failed list/watch
const RELIST_BACKOFF_MS = 800;

interface Timer {
  cancel(): void;
}

export interface NodeInformerContext {
  client: RestClient;
  node: string;
  after(ms: number, run: () => void): Timer;
  newTrace(prefix: string): string;
  /** the Node as last seen (created or changed) */
  onNode(node: KubeObject): void;
}

/** Lists and watches one Node by name; `node` is the cached copy. */
export class NodeInformer {
  node?: KubeObject;
  private resourceVersion = '';
  private stopWatch?: () => void;
  private running = false;

  constructor(private readonly ctx: NodeInformerContext) {}

  start(): void {
    this.running = true;
    this.list();
  }

  stop(): void {
    this.running = false;
    this.stopWatch?.();
  }

  private query(): Record<string, string> {
    return { fieldSelector: `metadata.name=${this.ctx.node}` };
  }

  private list(): void {
    if (!this.running) return;
    this.ctx.client.request(
      { method: 'GET', path: '/api/v1/nodes', query: { ...this.query(), resourceVersion: '0' } },
      (res) => {
        if (!this.running) return;
        if (!res.ok || res.response.status !== 200) {
          this.ctx.after(RELIST_BACKOFF_MS, () => this.list());
          return;
        }
        const body = res.response.body as {
          metadata: { resourceVersion: string };
          items: KubeObject[];
        };
        this.resourceVersion = body.metadata.resourceVersion;
        const node = body.items[0];
        if (node) this.seen({ ...node, apiVersion: 'v1', kind: 'Node' });
        this.watch();
      },
      { trace: this.ctx.newTrace('bg-kubelet-node'), background: true },
    );
  }

  private watch(): void {
    if (!this.running) return;
    this.stopWatch = this.ctx.client.watch(
      {
        method: 'GET',
        path: '/api/v1/nodes',
        query: { ...this.query(), resourceVersion: this.resourceVersion },
      },
      {
        onEvent: (e, _env: Envelope) => {
          const ev = e as { type: string; object: KubeObject };
          if (ev.type === 'ERROR') {
            this.stopWatch?.();
            this.ctx.after(0, () => this.list());
            return;
          }
          if (ev.object?.metadata?.resourceVersion)
            this.resourceVersion = ev.object.metadata.resourceVersion;
          if (ev.type === 'DELETED') this.node = undefined;
          else if (ev.type !== 'BOOKMARK') this.seen(ev.object);
        },
        onClose: (reason, response) => {
          if (!this.running) return;
          if (reason === 'ended') return this.watch();
          this.ctx.after(RELIST_BACKOFF_MS, () =>
            response?.status === 410 ? this.list() : this.watch(),
          );
        },
      },
      { trace: this.ctx.newTrace('bg-kubelet-node'), background: true },
    );
  }

  private seen(node: KubeObject): void {
    this.node = node;
    this.ctx.onNode(node);
  }
}
