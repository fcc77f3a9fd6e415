import type { Fault } from '../engine/cluster/faults';
import { tryParseQuantity } from '../engine/api/quantity';
import { isDNS1123Label, isDNS1123Subdomain } from '../engine/api/validation/names';
import { list, number, record, Refusal, text } from './reader';

/** Every fault op the engine knows (src/engine/cluster/faults.ts), by the field it targets. */
export const NODE_FAULT_OPS = [
  'power-off',
  'power-on',
  'partition',
  'heal',
  'cordon',
  'uncordon',
  'drain',
  'remove-node',
] as const;
export const COMPONENT_FAULT_OPS = ['kill', 'restart'] as const;
export const CONTAINER_FAULT_OPS = [
  'delete-pod',
  'crash',
  'oom',
  'fail-liveness',
  'fail-readiness',
  'heal-probes',
] as const;
export const LINK_FAULT_OPS = ['cut-link', 'restore-link'] as const;
export const FAULT_OPS = [
  ...NODE_FAULT_OPS,
  ...COMPONENT_FAULT_OPS,
  ...CONTAINER_FAULT_OPS,
  ...LINK_FAULT_OPS,
  'add-worker',
] as const;

const nodeName = (s: string) => isDNS1123Subdomain(s);
// a component id: `<component>@<node>`, e.g. kube-scheduler@control-plane-1
const componentId = (s: string) => {
  const [component, node, ...rest] = s.split('@');
  return rest.length === 0 && node !== undefined && isDNS1123Label(component).length === 0
    ? nodeName(node)
    : false;
};
// a pod as `<namespace>/<name>`
const podRef = (s: string) => {
  const [namespace, name, ...rest] = s.split('/');
  return (
    rest.length === 0 &&
    name !== undefined &&
    isDNS1123Label(namespace).length === 0 &&
    isDNS1123Subdomain(name).length === 0
  );
};
const quantity = (s: string) => tryParseQuantity(s) !== undefined;

/** Reads a fault from untrusted data: a known op with exactly the fields that op takes. */
export function readFault(value: unknown, path: string): Fault {
  const v = record(value, path);
  const op = v.op as (typeof FAULT_OPS)[number];
  if (typeof op !== 'string' || !(FAULT_OPS as readonly string[]).includes(op))
    throw new Refusal(`${path}.op is not a known fault`);
  if ((NODE_FAULT_OPS as readonly string[]).includes(op))
    return {
      op: op as (typeof NODE_FAULT_OPS)[number],
      node: text(v.node, `${path}.node`, 253, nodeName),
    };
  if ((COMPONENT_FAULT_OPS as readonly string[]).includes(op))
    return {
      op: op as (typeof COMPONENT_FAULT_OPS)[number],
      component: text(v.component, `${path}.component`, 320, componentId),
    };
  if ((LINK_FAULT_OPS as readonly string[]).includes(op)) {
    // two hosts: node names, 'load-balancer' or 'client'
    const [a, b] = list(v.hosts, `${path}.hosts`, 2);
    return {
      op: op as (typeof LINK_FAULT_OPS)[number],
      hosts: [
        text(a, `${path}.hosts[0]`, 253, nodeName),
        text(b, `${path}.hosts[1]`, 253, nodeName),
      ],
    };
  }
  if (op === 'add-worker') {
    const fault: Fault = { op };
    if (v.cpu !== undefined) fault.cpu = text(v.cpu, `${path}.cpu`, 32, quantity);
    if (v.memory !== undefined) fault.memory = text(v.memory, `${path}.memory`, 32, quantity);
    return fault;
  }
  if ((CONTAINER_FAULT_OPS as readonly string[]).includes(op)) {
    const fault: Fault = {
      op: op as (typeof CONTAINER_FAULT_OPS)[number],
      pod: text(v.pod, `${path}.pod`, 317, podRef),
    };
    if (v.container !== undefined)
      fault.container = text(v.container, `${path}.container`, 63, isDNS1123Label);
    // a process exit status is one byte
    if (v.exitCode !== undefined)
      fault.exitCode = number(v.exitCode, `${path}.exitCode`, 0, 255, true);
    return fault;
  }
  throw new Refusal(`${path}.op is not a known fault`);
}
