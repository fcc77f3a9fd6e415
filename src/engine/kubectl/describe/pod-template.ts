// describe.go DescribePodTemplate and describeTopologySpreadConstraints, shared by the pod and
// workload describers.
import type { PodTemplateSpec, TopologySpreadConstraint } from 'kubernetes-types/core/v1';
import { formatLabelSelector } from '../../api/selectors';
import { describeContainers } from './containers';
import {
  printAnnotationsMultiline,
  printLabelsMultiline,
  printTolerationsMultiline,
} from './format';
import { LEVEL_0, LEVEL_1 } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';
import { describeVolumes } from './volumes';

/** describe.go describeTopologySpreadConstraints: sorted by topology key, nothing when empty. */
export function describeTopologySpreadConstraints(
  w: PrefixWriter,
  constraints: readonly TopologySpreadConstraint[] | undefined,
  space: string,
): void {
  if (!constraints?.length) return;
  const sorted = [...constraints].sort((a, b) =>
    a.topologyKey < b.topologyKey ? -1 : a.topologyKey > b.topologyKey ? 1 : 0,
  );
  w.write(LEVEL_0, `${space}Topology Spread Constraints:\t`);
  sorted.forEach((c, i) => {
    if (i !== 0) w.write(LEVEL_0, `${space}\t`);
    let s = `${c.topologyKey}:${c.whenUnsatisfiable} when max skew ${c.maxSkew} is exceeded`;
    if (c.labelSelector) s += ` for selector ${formatLabelSelector(c.labelSelector)}`;
    w.write(LEVEL_0, `${s}\n`);
  });
}

/** describe.go DescribePodTemplate: the `Pod Template:` block of a workload. */
export function describePodTemplate(w: PrefixWriter, template: PodTemplateSpec | undefined): void {
  w.write(LEVEL_0, 'Pod Template:\n');
  if (!template) {
    w.write(LEVEL_1, '<unset>');
    return;
  }
  const meta = template.metadata ?? {};
  const spec = template.spec;
  printLabelsMultiline(w, 'Labels', meta.labels, '  ');
  if (Object.keys(meta.annotations ?? {}).length > 0)
    printAnnotationsMultiline(w, '  Annotations', meta.annotations);
  if (spec?.serviceAccountName) w.write(LEVEL_1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec?.initContainers?.length)
    describeContainers(w, 'Init Containers', spec.initContainers, undefined, undefined, '  ');
  describeContainers(w, 'Containers', spec?.containers, undefined, undefined, '  ');
  describeVolumes(w, spec?.volumes, '  ');
  describeTopologySpreadConstraints(w, spec?.topologySpreadConstraints, '  ');
  if (spec?.priorityClassName)
    w.write(LEVEL_1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  printLabelsMultiline(w, 'Node-Selectors', spec?.nodeSelector, '  ');
  printTolerationsMultiline(w, 'Tolerations', spec?.tolerations, '  ');
}
