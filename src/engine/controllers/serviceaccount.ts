// The ServiceAccount controller (pkg/controller/serviceaccount/serviceaccounts_controller.go):
// every active namespace gets a `default` ServiceAccount, re-created if deleted.
import type { KubeObject } from '../api/types';
import type { Informer } from '../client/informer';
import type { RateLimitingQueue } from '../client/workqueue';
import type { Controller, ControllerContext } from './controller';
import { call } from './util/controller-utils';

// DefaultServiceAccountsControllerOptions: ServiceAccounts: [{Name: "default"}]
const SERVICE_ACCOUNTS = ['default'];
// kube-controller-manager --concurrent-serviceaccount-syncs default
const CONCURRENT_SA_SYNCS = 1;

/** The `serviceaccount` controller, running as kube-system/service-account-controller. */
export class ServiceAccountController implements Controller {
  readonly name = 'serviceaccount';
  readonly serviceAccount = 'service-account-controller';
  private ctx!: ControllerContext;
  private nsInformer!: Informer;
  private saInformer!: Informer;
  private queue!: RateLimitingQueue;

  start(ctx: ControllerContext): void {
    this.ctx = ctx;
    this.nsInformer = ctx.informers.informer('/api/v1/namespaces');
    this.saInformer = ctx.informers.informer('/api/v1/serviceaccounts');
    this.queue = ctx.queue('serviceaccount', CONCURRENT_SA_SYNCS, (key, done) =>
      this.sync(key, done),
    );
    this.nsInformer.addHandlers({
      onAdd: (ns) => this.queue.add(ns.metadata.name!),
      onUpdate: (_o, ns) => this.queue.add(ns.metadata.name!),
    });
    this.saInformer.addHandlers({
      // serviceAccountDeleted: a managed account deleted is made again
      onDelete: (sa) => {
        if (SERVICE_ACCOUNTS.includes(sa.metadata.name!)) this.queue.add(sa.metadata.namespace!);
      },
    });
  }

  stop(): void {
    this.queue?.shutDown();
  }

  /** syncNamespace: create the missing accounts of an Active namespace. */
  private sync(name: string, done: () => void): void {
    const ns = this.nsInformer.get(undefined, name);
    if ((ns?.status as { phase?: string } | undefined)?.phase !== 'Active') return done();
    const missing = SERVICE_ACCOUNTS.filter((sa) => !this.saInformer.get(name, sa));
    if (missing.length === 0) return done();
    const trace = this.ctx.newTrace('serviceaccount');
    let left = missing.length;
    let failed = false;
    for (const sa of missing) {
      const body: KubeObject = { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } };
      call(
        this.ctx.client,
        { method: 'POST', path: `/api/v1/namespaces/${name}/serviceaccounts`, body },
        trace,
        (r) => {
          // AlreadyExists and a terminating namespace are fine
          if (!r.ok && r.status !== 409 && !/being terminated/.test(r.message)) failed = true;
          if (--left > 0) return;
          if (failed) this.queue.addRateLimited(name);
          else this.queue.forget(name);
          done();
        },
      );
    }
  }
}
