// DefaultTolerationSeconds (plugin/pkg/admission/defaulttolerationseconds/admission.go): pods
// that do not already tolerate not-ready / unreachable NoExecute taints get a 300s toleration
// for each, so they are evicted five minutes after their node fails.
import type { MutatingPlugin } from './types';

// --default-not-ready-toleration-seconds, --default-unreachable-toleration-seconds
export const defaultNotReadyTolerationSeconds = 300;
export const defaultUnreachableTolerationSeconds = 300;
// k8s.io/api core/v1 well_known_taints.go
const taintNodeNotReady = 'node.kubernetes.io/not-ready';
const taintNodeUnreachable = 'node.kubernetes.io/unreachable';

interface Toleration {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
  tolerationSeconds?: number;
}

// an empty key or effect is a wildcard
const tolerates = (tolerations: Toleration[], key: string) =>
  tolerations.some((t) => (t.key === key || !t.key) && (t.effect === 'NoExecute' || !t.effect));

/** The DefaultTolerationSeconds plugin (CREATE and UPDATE of pods, not subresources). */
export const defaultTolerationSeconds: MutatingPlugin = {
  name: 'DefaultTolerationSeconds',
  handles: (operation) => operation === 'CREATE' || operation === 'UPDATE',
  admit(attrs) {
    if (
      attrs.group !== '' ||
      attrs.resource !== 'pods' ||
      attrs.subresource !== '' ||
      !attrs.object
    ) {
      return undefined;
    }
    const spec = (attrs.object.spec ??= {}) as { tolerations?: Toleration[] };
    const tolerations = spec.tolerations ?? [];
    const added: Toleration[] = [];
    if (!tolerates(tolerations, taintNodeNotReady)) {
      added.push({
        key: taintNodeNotReady,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: defaultNotReadyTolerationSeconds,
      });
    }
    if (!tolerates(tolerations, taintNodeUnreachable)) {
      added.push({
        key: taintNodeUnreachable,
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: defaultUnreachableTolerationSeconds,
      });
    }
    if (added.length) spec.tolerations = [...tolerations, ...added];
    return undefined;
  },
};
