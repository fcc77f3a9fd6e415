// Which printer serves which resource (printers.go AddHandlers). Resources without an entry,
// such as roles, clusterroles and limitranges, get the default NAME / CREATED AT table.
import {
  eventPrinter,
  leasePrinter,
  namespacePrinter,
  nodePrinter,
  priorityClassPrinter,
} from './cluster';
import {
  clusterRoleBindingPrinter,
  configMapPrinter,
  podDisruptionBudgetPrinter,
  resourceQuotaPrinter,
  roleBindingPrinter,
  secretPrinter,
  serviceAccountPrinter,
} from './config';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './network';
import { podPrinter } from './pod';
import type { TablePrinter } from './types';
import {
  controllerRevisionPrinter,
  cronJobPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  replicationControllerPrinter,
  statefulSetPrinter,
} from './workloads';

/** Table printers keyed by resource (plural, lower case). */
export const clusterPrinters: Record<string, TablePrinter<never>> = {
  pods: podPrinter,
  nodes: nodePrinter,
  namespaces: namespacePrinter,
  events: eventPrinter,
  leases: leasePrinter,
  priorityclasses: priorityClassPrinter,
  configmaps: configMapPrinter,
  secrets: secretPrinter,
  serviceaccounts: serviceAccountPrinter,
  resourcequotas: resourceQuotaPrinter,
  rolebindings: roleBindingPrinter,
  clusterrolebindings: clusterRoleBindingPrinter,
  poddisruptionbudgets: podDisruptionBudgetPrinter,
  services: servicePrinter,
  endpoints: endpointsPrinter,
  endpointslices: endpointSlicePrinter,
  deployments: deploymentPrinter,
  replicasets: replicaSetPrinter,
  replicationcontrollers: replicationControllerPrinter,
  daemonsets: daemonSetPrinter,
  statefulsets: statefulSetPrinter,
  jobs: jobPrinter,
  cronjobs: cronJobPrinter,
  controllerrevisions: controllerRevisionPrinter,
};
