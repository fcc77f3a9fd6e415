import { StatusError, invalidError } from '../api/errors';
import { applyDefaults } from '../api/defaults';
import type { KubeObject, ObjectReader, ResourceInfo } from '../api/types';
import { validateCreate, validateUpdate } from '../api/validation';
import type { Rng, Simulation } from '../sim';
import { admissionChain } from './admission/chain';
import type {
  AdmissionAttributes,
  AdmissionContext,
  AdmissionResult,
  MutatingPlugin,
  Operation,
  ValidatingPlugin,
} from './admission/types';
import { authorize } from './auth/authorize';
import { rbacWriteForbidden } from './auth/escalation';
import type { RbacWrite } from './auth/escalation';
import type { RequestContext } from './context';
import { prepareForCreate } from './strategy';

const RBAC_WRITES = new Set(['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings']);

/** Defaulting, admission and validation as the apiserver runs them around a write. */
export class Admission {
  private readonly ctx: AdmissionContext;
  private readonly mutating: readonly MutatingPlugin[];
  private readonly validating: readonly ValidatingPlugin[];

  constructor(
    private readonly reader: ObjectReader,
    now: () => number,
    rng: Rng,
  ) {
    this.ctx = { reader, now, random: () => rng.next() };
    // kubeadm's --enable-admission-plugins on top of the defaults, in upstream order.
    ({ mutating: this.mutating, validating: this.validating } = admissionChain());
  }

  /** Applies the decoder's defaults to `obj` in place. */
  applyDefaults(obj: KubeObject): void {
    Object.assign(obj, applyDefaults(obj));
  }

  /** Mutating admission; returns the plugins that ran, for the view. */
  mutate(
    req: RequestContext,
    operation: Operation,
    obj: KubeObject | undefined,
    old: KubeObject | undefined,
  ): string {
    const attrs = attributes(req, operation, obj, old);
    return runPhase(this.mutating, attrs, (p) => p.admit(attrs, this.ctx)).join(', ');
  }

  /** Validating admission (after the object's own validation). */
  validate(
    req: RequestContext,
    operation: Operation,
    obj: KubeObject | undefined,
    old: KubeObject | undefined,
  ): string {
    const attrs = attributes(req, operation, obj, old);
    const ran = runPhase(this.validating, attrs, (p) => p.validate(attrs, this.ctx));
    // The RBAC registry refuses roles and bindings that grant more than the writer holds.
    if (obj && operation !== 'DELETE' && RBAC_WRITES.has(attrs.resource)) {
      const write: RbacWrite = {
        user: req.user,
        resource: attrs.resource as RbacWrite['resource'],
        object: obj,
      };
      const forbidden = rbacWriteForbidden(write, this.reader, (a) => authorize(a, this.reader));
      if (forbidden) throw new StatusError(forbidden);
      ran.push('RBAC escalation check');
    }
    return ran.join(', ');
  }

  /** The strategy's validation: 422 Invalid with every field error. */
  validateObject(resource: ResourceInfo, obj: KubeObject, old: KubeObject | undefined): void {
    const errs = old ? validateUpdate(obj, old, resource) : validateCreate(obj, resource);
    if (errs.length > 0) throw invalidError(resource, obj.metadata.name ?? '', errs);
  }

  /** An object the apiserver writes itself at start-up (defaults and system fields). */
  prepareSystemObject(obj: KubeObject, info: ResourceInfo, sim: Simulation): KubeObject {
    const draft = applyDefaults(obj);
    draft.metadata.uid = sim.rng.uuid();
    draft.metadata.creationTimestamp = sim.timestamp();
    prepareForCreate(info, draft);
    return draft;
  }
}

/** Runs the plugins that handle the request in order; the first rejection is thrown. */
function runPhase<P extends MutatingPlugin | ValidatingPlugin>(
  plugins: readonly P[],
  attrs: AdmissionAttributes,
  run: (plugin: P) => AdmissionResult,
): string[] {
  const ran: string[] = [];
  for (const plugin of plugins) {
    if (!plugin.handles(attrs.operation, attrs.resource)) continue;
    const rejection = run(plugin);
    if (rejection) throw new StatusError(rejection);
    ran.push(plugin.name);
  }
  return ran;
}

function attributes(
  req: RequestContext,
  operation: Operation,
  obj: KubeObject | undefined,
  old: KubeObject | undefined,
): AdmissionAttributes {
  return {
    operation,
    group: req.resource.group,
    resource: req.resource.resource,
    subresource: req.info.subresource,
    namespace: req.info.namespace,
    name: obj?.metadata.name ?? req.info.name,
    object: obj,
    oldObject: old,
    user: req.user,
    dryRun: req.query.dryRun === 'All',
  };
}
