import { newBadRequest } from '../../api/errors';
import { NAME_SUFFIX_ALPHABET } from '../../sim';
import type { Simulation } from '../../sim';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse } from '../context';
import { allocateServiceAddresses } from '../service-allocation';
import { prepareForCreate } from '../strategy';
import { decodeObject } from './body';
import { runMutatingAdmission, runValidatingAdmission, runValidation } from './pipeline';

// k8s.io/apiserver pkg/storage/names SimpleNameGenerator: generateName + 5 random characters.
const GENERATED_SUFFIX_LENGTH = 5;

/** POST a new object: defaults → mutating admission → prepare → validation →
 *  validating admission → etcd create (txn on mod_revision 0) → 201. */
export function serveCreate(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const { info, resource } = ctx;
  const obj = decodeObject(ctx, resource);
  const meta = obj.metadata;
  if (resource.namespaced) {
    if (meta.namespace && meta.namespace !== info.namespace) {
      throw newBadRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    meta.namespace = info.namespace;
  } else delete meta.namespace;
  if (meta.resourceVersion)
    throw newBadRequest('resourceVersion should not be set on objects to be created');

  if (!meta.name && meta.generateName) {
    meta.name = meta.generateName + sim.rng.string(GENERATED_SUFFIX_LENGTH, NAME_SUFFIX_ALPHABET);
  }
  server.admission.applyDefaults(obj);
  runMutatingAdmission(server, ctx, 'CREATE', obj, undefined);

  // rest.BeforeCreate: system fields, then the strategy's PrepareForCreate.
  const system = obj.metadata;
  system.uid = sim.rng.uuid();
  system.creationTimestamp = sim.timestamp();
  delete system.deletionTimestamp;
  delete system.deletionGracePeriodSeconds;
  delete system.generation;
  prepareForCreate(resource, obj);
  if (resource.resource === 'services') allocateServiceAddresses(obj, server, sim.rng);

  runValidation(server, ctx, obj, undefined);
  runValidatingAdmission(server, ctx, 'CREATE', obj, undefined);

  if (ctx.query.dryRun === 'All') {
    ctx.stages.push({ name: 'storage', ok: true, detail: 'dry run: not persisted' });
    return ctx.reply(jsonResponse(201, obj));
  }
  server.store.create(resource, obj, ctx.trace, (err, stored) => {
    if (err) {
      ctx.stages.push({ name: 'storage', ok: false, detail: err.message });
      return ctx.fail(err);
    }
    ctx.stages.push({
      name: 'storage',
      ok: true,
      detail: `created at resourceVersion ${stored!.metadata.resourceVersion}`,
    });
    ctx.reply(jsonResponse(201, stored));
  });
}
