import { newMethodNotSupported } from '../../api/errors';
import type { Simulation } from '../../sim';
import type { KubeApiServer } from '../apiserver';
import { HTTP_METHODS, newMethodNotAllowed, newNotFoundPath } from '../apiserver';
import type { RequestContext } from '../context';
import { gr } from '../storage/store';
import { serveAccessReview } from './access-review';
import { serveCreate } from './create';
import { serveDelete, serveDeleteCollection } from './delete';
import { serveGet, serveList } from './read';
import { serveBinding, serveEviction } from './pod-subresources';
import { serveScale } from './scale';
import { servePatch, serveUpdate } from './update';
import { serveWatch } from './watch';

/** Routes a resource request to its verb's handler, as the REST installer does. */
export function serveResource(server: KubeApiServer, ctx: RequestContext, sim: Simulation): void {
  const { info, resource } = ctx;
  if (info.subresource && !resource.subresources.includes(info.subresource))
    throw newNotFoundPath();
  // (a list or watch may carry a name from its metadata.name field selector)
  const collection = info.verb === 'list' || info.verb === 'watch';
  if (resource.namespaced && !info.namespace && info.name && !collection) throw newNotFoundPath();
  if (!resource.namespaced && info.namespace && info.resource !== 'namespaces')
    throw newNotFoundPath();
  if (!HTTP_METHODS.has(ctx.req.method)) throw newMethodNotAllowed();
  // a create-only resource (bindings, access reviews) has only a POST route: go-restful's 405
  if (resource.verbs.length === 1 && info.verb !== 'create' && !info.subresource)
    throw newMethodNotAllowed();
  if (!resource.verbs.includes(info.verb) && !info.subresource) {
    throw newMethodNotSupported(gr(resource), info.verb);
  }
  switch (info.subresource) {
    case '':
    case 'status':
    case 'finalize':
      break;
    case 'binding':
      if (info.verb !== 'create') throw newMethodNotSupported(gr(resource), info.verb);
      return serveBinding(server, ctx, sim);
    case 'eviction':
      if (info.verb !== 'create') throw newMethodNotSupported(gr(resource), info.verb);
      return serveEviction(server, ctx, sim);
    case 'scale':
      return serveScale(server, ctx, sim);
    default:
      throw newMethodNotSupported(
        { group: resource.group, resource: `${resource.resource}/${info.subresource}` },
        info.verb,
      );
  }
  switch (info.verb) {
    case 'get':
      return serveGet(server, ctx, sim);
    case 'list':
      return serveList(server, ctx, sim);
    case 'watch':
      return serveWatch(server, ctx, sim);
    case 'create':
      if (info.subresource) throw newMethodNotSupported(gr(resource), info.verb);
      if (resource.group === 'authorization.k8s.io') return serveAccessReview(server, ctx);
      return serveCreate(server, ctx, sim);
    case 'update':
      return serveUpdate(server, ctx, sim);
    case 'patch':
      return servePatch(server, ctx, sim);
    case 'delete':
      return serveDelete(server, ctx, sim);
    case 'deletecollection':
      return serveDeleteCollection(server, ctx, sim);
  }
  throw newMethodNotSupported(gr(resource), info.verb);
}
