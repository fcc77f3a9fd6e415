import { RestClient } from '../client/rest-client';
import { SharedInformers } from '../client/shared-informers';
import type { Envelope, Simulation } from '../sim';
import { Process } from '../sim';
import type { DnsAnswer, DnsView } from './dns-records';
import { resolveClusterName } from './dns-records';

/** A DNS question sent to CoreDNS (verb `DNS`). */
export interface DnsQuery {
  name: string;
  type: 'A';
}

const SERVICES = '/api/v1/services';
const STARTUP_RETRY_MS = 50;
const SLICES = '/apis/discovery.k8s.io/v1/endpointslices';

/**
 * One CoreDNS replica: its kubernetes plugin lists and watches Services and EndpointSlices
 * through the apiserver as the `coredns` service account, and answers A queries from that
 * cache. Until it has synced it answers nothing (the `ready` plugin keeps it out of service).
 */
export class CoreDns extends Process {
  private informers?: SharedInformers;
  /** queries answered */
  answered = 0;

  constructor(
    sim: Simulation,
    id: string,
    host: string,
    private readonly apiServer: string,
    private readonly user: string,
  ) {
    super(sim, id, host);
    this.boot();
  }

  /** Whether the plugin has synced its caches (CoreDNS's /ready). */
  get ready(): boolean {
    return this.informers?.synced ?? false;
  }

  receive(env: Envelope): void {
    if (env.verb !== 'DNS') return;
    // The kubernetes plugin holds queries until its first list is in (up to 5 s upstream).
    if (!this.ready) {
      this.after(STARTUP_RETRY_MS, () => this.receive(env));
      return;
    }
    const query = env.payload as DnsQuery;
    const answer = this.answer(query.name);
    this.answered++;
    this.respond(env, {
      verb: 'DNS',
      resource: `A ${query.name}`,
      summary:
        answer.rcode === 'NXDOMAIN'
          ? `NXDOMAIN ${query.name}`
          : `${query.name} A ${answer.addresses.join(', ') || `CNAME ${answer.cname ?? ''}`}`,
      payload: answer,
    });
  }

  /** The answer for an A query, from the cache. */
  answer(name: string): DnsAnswer {
    const services = this.informers!.informer(SERVICES);
    const slices = this.informers!.informer(SLICES);
    const view: DnsView = {
      service: (namespace, svc) => services.get(namespace, svc),
      slices: (namespace, svc) =>
        slices
          .items(namespace)
          .filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === svc),
    };
    return resolveClusterName(name, view);
  }

  protected override onStop(): void {
    this.informers?.stop();
    this.informers = undefined;
  }

  protected override onStart(): void {
    this.boot();
  }

  private boot(): void {
    const client = new RestClient(this.transport(), this.apiServer, { user: this.user });
    this.informers = new SharedInformers(
      client,
      (ms, run) => this.after(ms, run),
      () => this.sim.rng.next(),
      () => this.sim.newTrace('bg-informer'),
    );
    this.informers.informer(SERVICES);
    this.informers.informer(SLICES);
    this.informers.start();
  }
}
