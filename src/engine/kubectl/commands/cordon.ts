// kubectl cordon / uncordon (pkg/cmd/drain/drain.go RunCordonOrUncordon, k8s.io/kubectl
// pkg/drain/cordon.go CordonHelper): mark nodes (un)schedulable with a strategic merge patch.
import { findResource } from '../../api/resources';
import type { KubeObject } from '../../api/types';
import type { Command, Invocation } from '../command';
import { KubectlError } from '../errors';

const STRATEGIC = 'application/strategic-merge-patch+json';

/** The nodes named by the arguments, or matching -l/--selector (cordon/uncordon/drain). */
export function selectedNodes(inv: Invocation, command: string): KubeObject[] {
  const nodes = findResource('', 'nodes')!;
  const selector = inv.flags.string('selector');
  if (inv.args.length === 0 && !selector) {
    throw new KubectlError(
      `error: USAGE: ${command} NODE [flags]\nSee 'kubectl ${command} -h' for help and examples`,
    );
  }
  if (selector && inv.args.length === 0) {
    const list = inv.client.send({
      method: 'GET',
      path: '/api/v1/nodes',
      query: { labelSelector: selector },
    }) as { items: KubeObject[] };
    return list.items;
  }
  return inv.args.map((name) => inv.client.get(nodes, undefined, name));
}

const isUnschedulable = (node: KubeObject) =>
  (node.spec as { unschedulable?: boolean } | undefined)?.unschedulable === true;

/**
 * Sets spec.unschedulable on one node and prints `node/NAME cordoned` (or `already cordoned`);
 * the patch is the two-way diff CordonHelper sends: true, or null to drop the field.
 */
export function cordonNode(inv: Invocation, node: KubeObject, desired: boolean): void {
  const name = node.metadata.name!;
  const verb = desired ? 'cordoned' : 'uncordoned';
  if (isUnschedulable(node) === desired) {
    inv.out.out(`node/${name} already ${verb}\n`);
    return;
  }
  inv.client.patch(
    findResource('', 'nodes')!,
    undefined,
    name,
    STRATEGIC,
    { spec: { unschedulable: desired ? true : null } },
    'kubectl-cordon',
  );
  inv.out.out(`node/${name} ${verb}\n`);
}

function cordonCommand(name: 'cordon' | 'uncordon', desired: boolean): Command {
  return {
    name,
    flags: [
      { name: 'selector', short: 'l', type: 'string' },
      { name: 'dry-run', type: 'string', default: 'none', noOptDefault: 'unchanged' },
    ],
    run(inv: Invocation) {
      for (const node of selectedNodes(inv, name)) cordonNode(inv, node, desired);
    },
  };
}

export const cordon = cordonCommand('cordon', true);
export const uncordon = cordonCommand('uncordon', false);
