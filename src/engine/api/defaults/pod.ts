// Pod defaults: SetDefaults_Pod on top of the PodSpec defaults (pkg/apis/core/v1/defaults.go).
import type { Container, Pod } from 'kubernetes-types/core/v1';
import { defaultPodSpec } from './podspec';

// Requests default to limits for every resource with a limit and no request; only on Pods,
// not on pod templates (SetDefaults_Pod).
function defaultRequestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!limits) return;
  const requests = (c.resources!.requests ??= {});
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
}

/** SetDefaults_Pod; mutates `pod`. Priority is set by admission, not here. */
export function defaultPod(pod: Pod): void {
  pod.spec ??= { containers: [] };
  const spec = pod.spec;
  defaultPodSpec(spec);
  for (const c of spec.containers ?? []) defaultRequestsFromLimits(c);
  for (const c of spec.initContainers ?? []) defaultRequestsFromLimits(c);
  spec.enableServiceLinks ??= true; // DefaultEnableServiceLinks
  if (spec.hostNetwork) {
    // with host networking every container port is a host port
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c.ports ?? []) p.hostPort ||= p.containerPort;
    }
  }
}
