// controller.RealPodControl (pkg/controller/controller_utils.go): pods made from a template,
// created and deleted through the API, with the controller's SuccessfulCreate /
// FailedCreate / SuccessfulDelete / FailedDelete events on the owning object.
import type { KubeObject } from '../api/types';
import type { ControllerContext } from './controller';
import type { OwnerReference } from './util/controller-utils';
import { call } from './util/controller-utils';

interface PodTemplate {
  metadata?: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  spec?: unknown;
}

/**
 * GetPodFromTemplate: the template's labels, annotations, finalizers and spec,
 * `generateName: <controller name>-` and the controller reference.
 */
export function podFromTemplate(
  template: PodTemplate,
  parentName: string,
  controllerRef: OwnerReference,
): KubeObject {
  const meta = template.metadata ?? {};
  const metadata: KubeObject['metadata'] = {
    generateName: `${parentName}-`,
    ownerReferences: [controllerRef],
  };
  if (meta.labels && Object.keys(meta.labels).length > 0) metadata.labels = { ...meta.labels };
  if (meta.annotations && Object.keys(meta.annotations).length > 0)
    metadata.annotations = { ...meta.annotations };
  if (meta.finalizers && meta.finalizers.length > 0) metadata.finalizers = [...meta.finalizers];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata,
    spec: structuredClone(template.spec ?? {}),
  };
}

// controller_utils.go event reasons
export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
export const FAILED_CREATE_POD_REASON = 'FailedCreate';
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';
export const FAILED_DELETE_POD_REASON = 'FailedDelete';

/** CreatePods: one pod from the template in `namespace`, owned by `owner`. */
export function createPod(
  ctx: ControllerContext,
  namespace: string,
  template: PodTemplate,
  owner: KubeObject,
  controllerRef: OwnerReference,
  trace: string | undefined,
  done: (err?: string, terminating?: boolean) => void,
): void {
  const pod = podFromTemplate(template, owner.metadata.name!, controllerRef);
  if (!pod.metadata.labels) return done('unable to create pods, no labels');
  call(
    ctx.client,
    { method: 'POST', path: `/api/v1/namespaces/${namespace}/pods`, body: pod },
    trace,
    (r) => {
      if (!r.ok) {
        // A terminating namespace refuses new content: no event (NamespaceTerminatingCause).
        const terminating = /because it is being terminated/.test(r.message);
        if (!terminating)
          ctx.events.record(
            owner,
            'Warning',
            FAILED_CREATE_POD_REASON,
            `Error creating: ${r.message}`,
            trace,
          );
        return done(r.message, terminating);
      }
      const created = r.body as KubeObject;
      ctx.events.record(
        owner,
        'Normal',
        SUCCESSFUL_CREATE_POD_REASON,
        `Created pod: ${created.metadata.name}`,
        trace,
      );
      done();
    },
  );
}

/** DeletePod: deletes the pod (NotFound is an error without an event). */
export function deletePod(
  ctx: ControllerContext,
  namespace: string,
  name: string,
  owner: KubeObject,
  trace: string | undefined,
  done: (err?: string, notFound?: boolean) => void,
): void {
  call(
    ctx.client,
    { method: 'DELETE', path: `/api/v1/namespaces/${namespace}/pods/${name}` },
    trace,
    (r) => {
      if (!r.ok) {
        if (r.status === 404) return done(r.message, true);
        ctx.events.record(
          owner,
          'Warning',
          FAILED_DELETE_POD_REASON,
          `Error deleting: ${r.message}`,
          trace,
        );
        return done(`unable to delete pods: ${r.message}`);
      }
      ctx.events.record(
        owner,
        'Normal',
        SUCCESSFUL_DELETE_POD_REASON,
        `Deleted pod: ${name}`,
        trace,
      );
      done();
    },
  );
}
