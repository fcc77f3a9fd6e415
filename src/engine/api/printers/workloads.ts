// Tables for the workload controllers' objects (pkg/printers/internalversion/printers.go
// printDeployment, printReplicaSet, printReplicationController, printDaemonSet,
// printStatefulSet, printJob, printCronJob, printControllerRevision).
import type {
  ControllerRevision,
  DaemonSet,
  Deployment,
  ReplicaSet,
  StatefulSet,
} from 'kubernetes-types/apps/v1';
import type { CronJob, Job, JobCondition } from 'kubernetes-types/batch/v1';
import type { ReplicationController } from 'kubernetes-types/core/v1';
import {
  formatLabels,
  formatLabelSelector,
  labelSelectorAsSelector,
  labelSelectorString,
} from '../selectors';
import { humanDuration, translateTimestampSince } from './duration';
import { groupOf, layoutContainerCells, printBoolPtr } from './format';
import {
  ageColumn,
  column,
  containersColumn,
  imagesColumn,
  nameColumn,
  type TablePrinter,
} from './types';

const age = (o: { metadata?: { creationTimestamp?: string } }, now: number) =>
  translateTimestampSince(o.metadata?.creationTimestamp, now);

// Stored objects are defaulted; a missing replicas field defaults to 1 (apps/v1 defaults).
const replicasOf = (spec: { replicas?: number } | undefined) => spec?.replicas ?? 1;

export const deploymentPrinter: TablePrinter<Deployment> = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    column('Up-to-date', 'string', { doc: 'DeploymentStatus.updatedReplicas' }),
    column('Available', 'string', { doc: 'DeploymentStatus.availableReplicas' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', { doc: 'DeploymentSpec.selector' }, { priority: 1 }),
  ],
  print(d, ctx) {
    const status = d.status ?? {};
    const cells: unknown[] = [
      d.metadata?.name ?? '',
      `${status.readyReplicas ?? 0}/${replicasOf(d.spec)}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      age(d, ctx.now),
    ];
    if (ctx.wide) {
      let selector: string;
      try {
        selector = labelSelectorString(labelSelectorAsSelector(d.spec?.selector));
      } catch {
        selector = '<invalid>';
      }
      cells.push(...layoutContainerCells(d.spec?.template?.spec?.containers), selector);
    }
    return { cells };
  },
};

export const replicaSetPrinter: TablePrinter<ReplicaSet> = {
  columns: [
    nameColumn,
    column('Desired', 'integer', { doc: 'ReplicaSetSpec.replicas' }),
    column('Current', 'integer', { doc: 'ReplicaSetStatus.replicas' }),
    column('Ready', 'integer', { doc: 'ReplicaSetStatus.readyReplicas' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', { doc: 'ReplicaSetSpec.selector' }, { priority: 1 }),
  ],
  print(rs, ctx) {
    const cells: unknown[] = [
      rs.metadata?.name ?? '',
      replicasOf(rs.spec),
      rs.status?.replicas ?? 0,
      rs.status?.readyReplicas ?? 0,
      age(rs, ctx.now),
    ];
    if (ctx.wide) {
      cells.push(
        ...layoutContainerCells(rs.spec?.template?.spec?.containers),
        formatLabelSelector(rs.spec?.selector),
      );
    }
    return { cells };
  },
};

export const replicationControllerPrinter: TablePrinter<ReplicationController> = {
  columns: [
    nameColumn,
    column('Desired', 'integer', { doc: 'ReplicationControllerSpec.replicas' }),
    column('Current', 'integer', { doc: 'ReplicationControllerStatus.replicas' }),
    column('Ready', 'integer', { doc: 'ReplicationControllerStatus.readyReplicas' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', { doc: 'ReplicationControllerSpec.selector' }, { priority: 1 }),
  ],
  print(rc, ctx) {
    const cells: unknown[] = [
      rc.metadata?.name ?? '',
      replicasOf(rc.spec),
      rc.status?.replicas ?? 0,
      rc.status?.readyReplicas ?? 0,
      age(rc, ctx.now),
    ];
    if (ctx.wide) {
      cells.push(
        ...layoutContainerCells(rc.spec?.template?.spec?.containers),
        formatLabels(rc.spec?.selector),
      );
    }
    return { cells };
  },
};

export const daemonSetPrinter: TablePrinter<DaemonSet> = {
  columns: [
    nameColumn,
    column('Desired', 'integer', { doc: 'DaemonSetStatus.desiredNumberScheduled' }),
    column('Current', 'integer', { doc: 'DaemonSetStatus.currentNumberScheduled' }),
    column('Ready', 'integer', { doc: 'DaemonSetStatus.numberReady' }),
    column('Up-to-date', 'integer', { doc: 'DaemonSetStatus.updatedNumberScheduled' }),
    column('Available', 'integer', { doc: 'DaemonSetStatus.numberAvailable' }),
    column('Node Selector', 'string', { doc: 'PodSpec.nodeSelector' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', { doc: 'DaemonSetSpec.selector' }, { priority: 1 }),
  ],
  print(ds, ctx) {
    const s = ds.status;
    const cells: unknown[] = [
      ds.metadata?.name ?? '',
      s?.desiredNumberScheduled ?? 0,
      s?.currentNumberScheduled ?? 0,
      s?.numberReady ?? 0,
      s?.updatedNumberScheduled ?? 0,
      s?.numberAvailable ?? 0,
      formatLabels(ds.spec?.template?.spec?.nodeSelector),
      age(ds, ctx.now),
    ];
    if (ctx.wide) {
      cells.push(
        ...layoutContainerCells(ds.spec?.template?.spec?.containers),
        formatLabelSelector(ds.spec?.selector),
      );
    }
    return { cells };
  },
};

export const statefulSetPrinter: TablePrinter<StatefulSet> = {
  columns: [
    nameColumn,
    column('Ready', 'string', 'Number of the pod with ready state'),
    ageColumn,
    containersColumn,
    imagesColumn,
  ],
  print(sts, ctx) {
    const cells: unknown[] = [
      sts.metadata?.name ?? '',
      `${sts.status?.readyReplicas ?? 0}/${replicasOf(sts.spec)}`,
      age(sts, ctx.now),
    ];
    if (ctx.wide) cells.push(...layoutContainerCells(sts.spec?.template?.spec?.containers));
    return { cells };
  },
};

function hasJobCondition(conditions: JobCondition[] | undefined, type: string): boolean {
  // Only the first condition of the type counts, as upstream's loop returns on it.
  const c = (conditions ?? []).find((x) => x.type === type);
  return c?.status === 'True';
}

/** The STATUS cell of a Job (Complete, Failed, Terminating, Suspended, FailureTarget, Running). */
export function jobStatus(job: Job): string {
  const conditions = job.status?.conditions;
  if (hasJobCondition(conditions, 'Complete')) return 'Complete';
  if (hasJobCondition(conditions, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasJobCondition(conditions, 'Suspended')) return 'Suspended';
  if (hasJobCondition(conditions, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export const jobPrinter: TablePrinter<Job> = {
  columns: [
    nameColumn,
    column('Status', 'string', 'Status of the job.'),
    column('Completions', 'string', { doc: 'JobStatus.succeeded' }),
    column('Duration', 'string', 'Time required to complete the job.'),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', { doc: 'JobSpec.selector' }, { priority: 1 }),
  ],
  print(job, ctx) {
    const succeeded = job.status?.succeeded ?? 0;
    let completions: string;
    if (job.spec?.completions !== undefined && job.spec?.completions !== null) {
      completions = `${succeeded}/${job.spec.completions}`;
    } else {
      const parallelism = job.spec?.parallelism ?? 0;
      completions = parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
    }
    let duration = '';
    const start = job.status?.startTime;
    const completion = job.status?.completionTime;
    if (start && !completion) duration = humanDuration(ctx.now - Date.parse(start));
    else if (start && completion)
      duration = humanDuration(Date.parse(completion) - Date.parse(start));
    const cells: unknown[] = [
      job.metadata?.name ?? '',
      jobStatus(job),
      completions,
      duration,
      age(job, ctx.now),
    ];
    if (ctx.wide) {
      cells.push(
        ...layoutContainerCells(job.spec?.template?.spec?.containers),
        formatLabelSelector(job.spec?.selector),
      );
    }
    return { cells };
  },
};

export const cronJobPrinter: TablePrinter<CronJob> = {
  columns: [
    nameColumn,
    column('Schedule', 'string', { doc: 'CronJobSpec.schedule' }),
    column('Timezone', 'string', { doc: 'CronJobSpec.timeZone' }),
    column('Suspend', 'boolean', { doc: 'CronJobSpec.suspend' }),
    column('Active', 'integer', { doc: 'CronJobStatus.active' }),
    column('Last Schedule', 'string', { doc: 'CronJobStatus.lastScheduleTime' }),
    ageColumn,
    containersColumn,
    imagesColumn,
    column('Selector', 'string', { doc: 'JobSpec.selector' }, { priority: 1 }),
  ],
  print(cj, ctx) {
    const last = cj.status?.lastScheduleTime;
    const cells: unknown[] = [
      cj.metadata?.name ?? '',
      cj.spec?.schedule ?? '',
      cj.spec?.timeZone ?? '<none>',
      printBoolPtr(cj.spec?.suspend),
      (cj.status?.active ?? []).length,
      last ? translateTimestampSince(last, ctx.now) : '<none>',
      age(cj, ctx.now),
    ];
    if (ctx.wide) {
      const jobSpec = cj.spec?.jobTemplate?.spec;
      cells.push(
        ...layoutContainerCells(jobSpec?.template?.spec?.containers),
        formatLabelSelector(jobSpec?.selector),
      );
    }
    return { cells };
  },
};

export const controllerRevisionPrinter: TablePrinter<ControllerRevision> = {
  columns: [
    nameColumn,
    column('Controller', 'string', 'Controller of the object'),
    column('Revision', 'string', { doc: 'ControllerRevision.revision' }),
    ageColumn,
  ],
  print(cr, ctx) {
    const ref = (cr.metadata?.ownerReferences ?? []).find((r) => r.controller === true);
    let controller = '<none>';
    if (ref) {
      // formatResourceName: lower-cased GroupKind ("daemonset.apps") + "/" + name
      const group = groupOf(ref.apiVersion);
      const kind = group ? `${ref.kind}.${group}` : ref.kind;
      controller = kind ? `${kind.toLowerCase()}/${ref.name}` : ref.name;
    }
    return { cells: [cr.metadata?.name ?? '', controller, cr.revision, age(cr, ctx.now)] };
  },
};
