import type { Cluster } from '../engine';
import { DataDir } from '../engine/etcd/disk';
import { etcdFiles } from '../engine/etcd/files';
import type { Scenario, StepVars } from './types';

const CP = 'control-plane-1';
const MANIFESTS = '/etc/kubernetes/manifests';
const SNAPSHOT = '/var/lib/etcd/snapshot.db';
const RESTORED = '/var/lib/etcd-from-backup';
const DOCS = {
  title: 'Operating etcd clusters: restoring an etcd cluster',
  url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#restoring-an-etcd-cluster',
};

interface PodView {
  name: string;
  ready: boolean;
  containerID?: string;
}

/** The web Deployment's pods as stored, with their container's id and readiness. */
function web(c: Cluster): PodView[] {
  return c
    .list('pods', 'default')
    .filter((p) => p.metadata.labels?.app === 'web')
    .map((p) => {
      const s = (p.status as { containerStatuses?: { ready: boolean; containerID?: string }[] })
        ?.containerStatuses?.[0];
      return { name: p.metadata.name!, ready: s?.ready === true, containerID: s?.containerID };
    });
}

const apiServer = (c: Cluster) => c.apiServers[0];
const member = (c: Cluster) => c.etcd.members[0];

/** The containers the web pods ran before the restore: new ones prove the kubelet acted. */
function learn(c: Cluster, vars: StepVars): StepVars {
  if (vars.before) return {};
  const pods = web(c);
  if (pods.length < 2 || !pods.every((p) => p.ready)) return {};
  return { before: pods.map((p) => p.containerID).join(' ') };
}

const ssh = (command: string) => ({
  kubectl: `ssh ${CP} ${command}`,
  shown: `ssh ${CP} ${command}`,
});

/** "Restoring etcd from a snapshot": the kubeadm procedure, step by step. */
export const etcdRestore: Scenario = {
  id: 'etcd-restore',
  title: 'etcd: restoring a snapshot',
  summary:
    'A snapshot saved, a Deployment deleted by mistake, and the kubeadm restore: stop the API server, etcdutl snapshot restore, point etcd at the new data, start again.',
  duration: '6 min',
  group: 'control plane internals',
  cluster: { controlPlaneNodes: 1, workers: 1 },
  invitation: 'Delete something by mistake, then get it back from an etcd snapshot',
  intro:
    'One control-plane node, where kubeadm runs etcd and the API server as static pods. You reach it over ssh; etcdctl runs inside the etcd pod (certificate flags left out for brevity).',
  startLabel: 'Create something worth keeping',
  done: 'the cluster runs on the restored snapshot: the deleted Deployment is back',
  learn,
  steps: [
    {
      id: 'create',
      title: 'Something worth keeping',
      narration:
        'A Deployment with two nginx pods: its objects live in etcd, its containers on worker-1.',
      highlight: ['kubectl', 'kube-apiserver@*', 'etcd@*'],
      docs: {
        title: 'Deployments',
        url: 'https://kubernetes.io/docs/concepts/workloads/controllers/deployment/',
      },
      kubectl: {
        command: 'create deployment web --image=nginx:1.27 --replicas=2',
        shown: 'kubectl create deployment web --image=nginx:1.27 --replicas=2',
      },
      fastForward: 60_000,
      when: {
        description: 'both web pods ready',
        test: (c) => web(c).filter((p) => p.ready).length === 2,
      },
    },
    {
      id: 'snapshot',
      title: 'etcdctl snapshot save',
      narration:
        'A snapshot is a copy of etcd’s whole key space at one revision, taken from a running member: the backup of the cluster’s state. It lands in /var/lib/etcd, which the etcd pod mounts from the node.',
      highlight: [`etcd@${CP}`, 'etcdctl'],
      docs: {
        title: 'Operating etcd clusters: backing up an etcd cluster',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster',
      },
      actions: [
        {
          kubectl: `kubectl -n kube-system exec etcd-${CP} -- etcdctl snapshot save ${SNAPSHOT}`,
          shown: `kubectl -n kube-system exec etcd-${CP} -- etcdctl snapshot save ${SNAPSHOT}`,
        },
      ],
      until: { from: `etcd@${CP}`, to: 'etcdctl', verb: 'Snapshot' },
    },
    {
      id: 'mistake',
      title: 'A mistake, and a change after the backup',
      narration:
        'The Deployment is deleted, and the garbage collector takes its ReplicaSet and pods with it. A ConfigMap is created too: the snapshot has never seen it.',
      highlight: ['kubectl', 'kube-controller-manager@*', 'kubelet@worker-1'],
      docs: {
        title: 'Garbage collection',
        url: 'https://kubernetes.io/docs/concepts/architecture/garbage-collection/',
      },
      actions: [
        { kubectl: 'delete deployment web', shown: 'kubectl delete deployment web' },
        {
          kubectl: 'create configmap after-backup --from-literal=note=new',
          shown: 'kubectl create configmap after-backup --from-literal=note=new',
        },
      ],
      fastForward: 60_000,
      when: {
        description: 'no web Deployment and no web pods',
        test: (c) => !c.get('deployments', 'web') && web(c).length === 0,
      },
    },
    {
      id: 'stop-apiserver',
      title: 'Stop the API server',
      narration:
        'Nothing may write to etcd while it is restored, so the API server goes first. kubeadm runs it as a static pod: moving its manifest out of /etc/kubernetes/manifests makes the kubelet, which watches that directory, stop it.',
      highlight: [`kubelet@${CP}`, `kube-apiserver@${CP}`],
      docs: DOCS,
      actions: [ssh(`mv ${MANIFESTS}/kube-apiserver.yaml /tmp/`)],
      fastForward: 30_000,
      when: { description: 'the API server stopped', test: (c) => !apiServer(c).isUp() },
    },
    {
      id: 'restore',
      title: 'etcdutl snapshot restore',
      narration:
        'etcdutl writes the snapshot into a new data directory as a member of a new cluster, with new member and cluster IDs so it cannot join the old one. --bump-revision and --mark-compacted move the revision far ahead, so watchers that remember newer revisions start over instead of missing changes.',
      highlight: [`etcd@${CP}`],
      docs: {
        title: 'etcd: disaster recovery, restoring a cluster',
        url: 'https://etcd.io/docs/v3.5/op-guide/recovery/#restoring-a-cluster',
      },
      actions: [
        ssh(
          `etcdutl snapshot restore ${SNAPSHOT} --data-dir ${RESTORED} --bump-revision 1000000000 --mark-compacted`,
        ),
      ],
      when: {
        description: `${RESTORED} restored`,
        test: (c) => etcdFiles(c.sim, CP).get(RESTORED) instanceof DataDir,
      },
    },
    {
      id: 'repoint',
      title: 'Point etcd at the restored data',
      narration:
        'The etcd static pod mounts its data from the node through the etcd-data hostPath; sed rewrites that path (and --data-dir) in the manifest. The kubelet sees the manifest change, stops the old etcd and starts one on the restored data, leader of its new one-member cluster.',
      highlight: [`kubelet@${CP}`, `etcd@${CP}`],
      docs: DOCS,
      actions: [ssh(`sed -i 's#/var/lib/etcd#${RESTORED}#' ${MANIFESTS}/etcd.yaml`)],
      fastForward: 60_000,
      when: {
        description: 'etcd leading on the restored data',
        test: (c) => member(c).isLeader() && member(c).currentClusterId !== member(c).clusterId,
      },
    },
    {
      id: 'start-apiserver',
      title: 'Start the API server again',
      narration:
        'The manifest goes back and the kubelet starts the API server, which reads everything afresh from the restored etcd.',
      highlight: [`kubelet@${CP}`, `kube-apiserver@${CP}`, `etcd@${CP}`],
      docs: DOCS,
      actions: [ssh(`mv /tmp/kube-apiserver.yaml ${MANIFESTS}/`)],
      fastForward: 60_000,
      when: { description: 'the API server ready', test: (c) => apiServer(c).ready },
    },
    {
      id: 'back',
      title: 'Back in time',
      narration:
        'The cluster holds what the snapshot held: the deleted Deployment is back, the ConfigMap made after the backup is gone.',
      highlight: ['kubectl', `kube-apiserver@${CP}`],
      docs: DOCS,
      actions: [
        { kubectl: 'get deployments', shown: 'kubectl get deployments' },
        { kubectl: 'get configmap after-backup', shown: 'kubectl get configmap after-backup' },
      ],
      until: { to: 'kubectl', status: 404 },
      question: {
        prompt: 'After the restore, what does kubectl get deployments show?',
        choices: [
          'No resources found in default namespace.',
          'web, as the snapshot saw it',
          'An error: etcd lost its data',
        ],
        answer: (c) => (c.get('deployments', 'web') ? 1 : 0),
        explanation:
          'Restoring replaces the whole key space with the snapshot’s, so objects deleted since come back and objects created since vanish.',
      },
    },
    {
      id: 'reconcile',
      title: 'The node catches up',
      narration:
        'The restored pods still say Running, but worker-1 had stopped their containers. When the kubelet watches again, the API server answers 410 Gone, as its resourceVersion is older than anything the restored etcd holds, so it lists its pods afresh, finds two it does not run and starts new containers for them.',
      highlight: ['kubelet@worker-1', `kube-apiserver@${CP}`],
      docs: {
        title: 'Operating etcd clusters: restoring an etcd cluster',
        url: DOCS.url,
      },
      fastForward: 60_000,
      when: {
        description: 'both web pods ready in new containers',
        test: (c, { vars }) => {
          const pods = web(c);
          const old = (vars.before ?? '').split(' ');
          return (
            pods.length === 2 &&
            pods.every((p) => p.ready && p.containerID && !old.includes(p.containerID))
          );
        },
      },
    },
  ],
};
