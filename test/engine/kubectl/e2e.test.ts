// End-to-end: the engine's kubectl against a whole simulated cluster (createCluster), with the
// exact stdout, stderr and exit codes kubectl v1.32 prints.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import type { Cluster, KubeObject } from '../../../src/engine';

const ok = (stdout: string) => ({ stdout, stderr: '', exitCode: 0 });
const failed = (stderr: string) => ({ stdout: '', stderr, exitCode: 1 });

const WEB = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
  - port: 80
`;

const STUCK = `apiVersion: v1
kind: Pod
metadata:
  name: stuck
spec:
  schedulerName: no-such-scheduler
  containers:
  - name: app
    image: nginx
`;

const UNSCHEDULABLE = `apiVersion: v1
kind: Pod
metadata:
  name: picky
spec:
  nodeSelector:
    disktype: ssd
  containers:
  - name: app
    image: nginx
`;

type PodStatus = {
  phase?: string;
  containerStatuses?: { containerID?: string; imageID: string }[];
};
type DeploymentStatus = { availableReplicas?: number };

const phase = (c: Cluster, name: string) => (c.get('pod', name)?.status as PodStatus)?.phase;
const available = (c: Cluster, name: string) =>
  (c.get('deployment', name)?.status as DeploymentStatus | undefined)?.availableReplicas ?? 0;

// every stored object of the kinds the error cases could touch, as JSON
function snapshot(c: Cluster): string {
  return JSON.stringify(['pods', 'deployments', 'replicasets', 'services'].map((k) => c.list(k)));
}

/** `kubectl run nginx`, then the clock runs until the kubelet reports the pod Running. */
function withNginx(): Cluster {
  const c = createCluster({ seed: 1 });
  expect(c.kubectl('run nginx --image=nginx')).toEqual(ok('pod/nginx created\n'));
  expect(c.runUntil((x) => phase(x, 'nginx') === 'Running', { timeoutMs: 30_000 })).toBe(true);
  return c;
}

/** The web Deployment and Service applied, and the clock run until `replicas` pods are available. */
function withWeb(replicas = 1): Cluster {
  const c = createCluster({ seed: 1 });
  expect(c.kubectl('apply -f -', WEB).exitCode).toBe(0);
  if (replicas !== 1) c.kubectl(`scale deployment/web --replicas=${replicas}`);
  expect(c.runUntil((x) => available(x, 'web') === replicas, { timeoutMs: 30_000 })).toBe(true);
  return c;
}

describe('kubectl get and run on a fresh cluster', () => {
  it('lists the control-plane node and three workers, all Ready', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('get nodes')).toEqual(
      ok(
        'NAME              STATUS   ROLES           AGE   VERSION\n' +
          'control-plane-1   Ready    control-plane   4s    v1.32.3\n' +
          'worker-1          Ready    <none>          4s    v1.32.3\n' +
          'worker-2          Ready    <none>          4s    v1.32.3\n' +
          'worker-3          Ready    <none>          4s    v1.32.3\n',
      ),
    );
  });

  it('runs a pod that is Pending when created, then bound, started and ready', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('run nginx --image=nginx')).toEqual(ok('pod/nginx created\n'));
    expect(c.kubectl('get pods')).toEqual(
      ok('NAME    READY   STATUS    RESTARTS   AGE\nnginx   0/1     Pending   0          0s\n'),
    );
    expect(c.get('pod', 'nginx')?.metadata.labels).toEqual({ run: 'nginx' });
    c.runUntil((x) => phase(x, 'nginx') === 'Running', { timeoutMs: 30_000 });
    expect(c.kubectl('get pods -o wide')).toEqual(
      ok(
        'NAME    READY   STATUS    RESTARTS   AGE   IP           NODE       NOMINATED NODE   READINESS GATES\n' +
          'nginx   1/1     Running   0          3s    10.244.2.2   worker-2   <none>           <none>\n',
      ),
    );
  });

  it('leaves a pod no scheduler claims Pending, with no node and no IP', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('apply -f -', STUCK)).toEqual(ok('pod/stuck created\n'));
    c.advance(10_000);
    expect(c.kubectl('get pod stuck -o wide')).toEqual(
      ok(
        'NAME    READY   STATUS    RESTARTS   AGE   IP       NODE     NOMINATED NODE   READINESS GATES\n' +
          'stuck   0/1     Pending   0          10s   <none>   <none>   <none>           <none>\n',
      ),
    );
  });

  it('prints the stored pod as YAML with the defaults the apiserver applied', () => {
    const c = createCluster({ seed: 1 });
    // no scheduler binds it: the pod stays as the apiserver stored it
    c.fail('kube-scheduler@control-plane-1');
    c.kubectl('run nginx --image=nginx');
    const pod = c.get('pod', 'nginx')!;
    const volume = (pod.spec as { volumes: { name: string }[] }).volumes[0].name;
    expect(volume).toMatch(/^kube-api-access-[a-z0-9]{5}$/);
    expect(c.kubectl('get pod nginx -o yaml')).toEqual(
      ok(`apiVersion: v1
kind: Pod
metadata:
  creationTimestamp: "${pod.metadata.creationTimestamp}"
  labels:
    run: nginx
  name: nginx
  namespace: default
  resourceVersion: "${pod.metadata.resourceVersion}"
  uid: ${pod.metadata.uid}
spec:
  containers:
  - image: nginx
    imagePullPolicy: Always
    name: nginx
    resources: {}
    terminationMessagePath: /dev/termination-log
    terminationMessagePolicy: File
    volumeMounts:
    - mountPath: /var/run/secrets/kubernetes.io/serviceaccount
      name: ${volume}
      readOnly: true
  dnsPolicy: ClusterFirst
  enableServiceLinks: true
  preemptionPolicy: PreemptLowerPriority
  priority: 0
  restartPolicy: Always
  schedulerName: default-scheduler
  securityContext: {}
  serviceAccountName: default
  terminationGracePeriodSeconds: 30
  tolerations:
  - effect: NoExecute
    key: node.kubernetes.io/not-ready
    operator: Exists
    tolerationSeconds: 300
  - effect: NoExecute
    key: node.kubernetes.io/unreachable
    operator: Exists
    tolerationSeconds: 300
  volumes:
  - name: ${volume}
    projected:
      defaultMode: 420
      sources:
      - serviceAccountToken:
          expirationSeconds: 3607
          path: token
      - configMap:
          items:
          - key: ca.crt
            path: ca.crt
          name: kube-root-ca.crt
      - downwardAPI:
          items:
          - fieldRef:
              apiVersion: v1
              fieldPath: metadata.namespace
            path: namespace
status:
  phase: Pending
  qosClass: BestEffort
`),
    );
  });
});

describe('kubectl apply, scale, label and delete', () => {
  it('creates a Deployment and a Service from one multi-document manifest', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('apply -f -', WEB)).toEqual(
      ok('deployment.apps/web created\nservice/web created\n'),
    );
    expect(c.get('deployment', 'web')?.spec).toMatchObject({ replicas: 1 });
    expect(c.get('service', 'web')?.spec).toMatchObject({ selector: { app: 'web' } });
  });

  it('lists the Deployment, the ReplicaSet it made and the pod that ReplicaSet made', () => {
    const c = withWeb();
    expect(c.kubectl('get deploy,rs,pods')).toEqual(
      ok(`NAME                  READY   UP-TO-DATE   AVAILABLE   AGE
deployment.apps/web   1/1     1            1           3s

NAME                             DESIRED   CURRENT   READY   AGE
replicaset.apps/web-5f84b7585b   1         1         1       3s

NAME                       READY   STATUS    RESTARTS   AGE
pod/web-5f84b7585b-txgt9   1/1     Running   0          3s
`),
    );
  });

  it('reports unchanged objects on a second apply and leaves them as stored', () => {
    const c = withWeb();
    const before = snapshot(c);
    expect(c.kubectl('apply -f -', WEB)).toEqual(
      ok('deployment.apps/web unchanged\nservice/web unchanged\n'),
    );
    expect(snapshot(c)).toBe(before);
  });

  it('reports configured for the edited object only', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('apply -f -', WEB);
    expect(c.kubectl('apply -f -', WEB.replace('nginx:1.27', 'nginx:1.28'))).toEqual(
      ok('deployment.apps/web configured\nservice/web unchanged\n'),
    );
    const spec = c.get('deployment', 'web')?.spec as {
      template: { spec: { containers: { image: string }[] } };
    };
    expect(spec.template.spec.containers[0].image).toBe('nginx:1.28');
  });

  it('scales a deployment through its scale subresource, and the ReplicaSet follows', () => {
    const c = withWeb();
    expect(c.kubectl('scale deployment/web --replicas=3')).toEqual(
      ok('deployment.apps/web scaled\n'),
    );
    expect((c.get('deployment', 'web')?.spec as { replicas: number }).replicas).toBe(3);
    expect(c.runUntil((x) => available(x, 'web') === 3, { timeoutMs: 30_000 })).toBe(true);
    expect(c.kubectl('get deploy,rs -o wide')).toEqual(
      ok(`NAME                  READY   UP-TO-DATE   AVAILABLE   AGE   CONTAINERS   IMAGES       SELECTOR
deployment.apps/web   3/3     3            3           6s    web          nginx:1.27   app=web

NAME                             DESIRED   CURRENT   READY   AGE   CONTAINERS   IMAGES       SELECTOR
replicaset.apps/web-5f84b7585b   3         3         3       6s    web          nginx:1.27   app=web,pod-template-hash=5f84b7585b
`),
    );
  });

  it('adds a label to a pod', () => {
    const c = withNginx();
    expect(c.kubectl('label pod nginx tier=frontend')).toEqual(ok('pod/nginx labeled\n'));
    expect(c.get('pod', 'nginx')?.metadata.labels).toEqual({ run: 'nginx', tier: 'frontend' });
  });

  it('deletes a running pod and waits until the kubelet has stopped it and it is gone', () => {
    const c = withNginx();
    const start = c.now();
    expect(c.kubectl('delete pod nginx')).toEqual(ok('pod "nginx" deleted\n'));
    // nginx exits on SIGTERM, well inside the 30s grace period
    expect(c.now() - start).toBeLessThan(5_000);
    expect(c.get('pod', 'nginx')).toBeUndefined();
    expect(c.kubectl('get pods')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
  });

  it('returns at once with --wait=false, leaving the pod Terminating', () => {
    const c = withNginx();
    expect(c.kubectl('delete pod nginx --wait=false')).toEqual(ok('pod "nginx" deleted\n'));
    expect(c.get('pod', 'nginx')?.metadata.deletionTimestamp).toBeDefined();
    expect(c.kubectl('get pods').stdout).toBe(
      'NAME    READY   STATUS        RESTARTS   AGE\nnginx   1/1     Terminating   0          3s\n',
    );
  });

  it('waits out a 30s grace period on one watch and returns as soon as the pod is gone', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('run sleeper --image=busybox -- sleep 3600');
    c.runUntil((x) => phase(x, 'sleeper') === 'Running', { timeoutMs: 30_000 });
    const start = c.now();
    const seq = c.hops().at(-1)!.seq;
    expect(c.kubectl('delete pod sleeper')).toEqual(ok('pod "sleeper" deleted\n'));
    expect(c.get('pod', 'sleeper')).toBeUndefined();
    // sleep ignores SIGTERM, so the kubelet kills it after the 30s grace period
    expect(c.now() - start).toBeGreaterThanOrEqual(30_000);
    expect(c.now() - start).toBeLessThan(32_000);
    const watches = c
      .hops()
      .filter((h) => h.seq > seq && h.from === 'kubectl' && h.resource.includes('watch=1'));
    expect(watches).toHaveLength(1);
    expect(watches[0].resource).toMatch(
      /^\/api\/v1\/namespaces\/default\/pods\?fieldSelector=metadata\.name=sleeper&resourceVersion=\d+&watch=1$/,
    );
  });

  it('fails a delete whose wait outlasts --timeout', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('run sleeper --image=busybox -- sleep 3600');
    c.runUntil((x) => phase(x, 'sleeper') === 'Running', { timeoutMs: 30_000 });
    // sleep as PID 1 ignores SIGTERM: the kubelet kills it when the 30s grace period ends
    expect(c.kubectl('delete pod sleeper --timeout=5s')).toEqual({
      stdout: 'pod "sleeper" deleted\n',
      stderr: 'error: timed out waiting for the condition on pods/sleeper\n',
      exitCode: 1,
    });
  });
});

describe('kubectl get -w', () => {
  it("prints the list, then each change in the header's column widths", () => {
    const c = withNginx();
    c.sim.after(500, () => c.kubectl('label pod nginx tier=backend'));
    expect(c.kubectl('get pods -w --request-timeout=2s')).toEqual(
      ok(
        'NAME    READY   STATUS    RESTARTS   AGE\n' +
          'nginx   1/1     Running   0          3s\n' +
          'nginx   1/1     Running   0          3s\n',
      ),
    );
    expect(c.get('pod', 'nginx')?.metadata.labels).toEqual({ run: 'nginx', tier: 'backend' });
  });

  it('widens a column for a longer cell and keeps it wide for later rows', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('run nginx --image=nginx');
    expect(c.kubectl('get pods -w --request-timeout=5s')).toEqual(
      ok(
        'NAME    READY   STATUS    RESTARTS   AGE\n' +
          'nginx   0/1     Pending   0          0s\n' +
          'nginx   0/1     ContainerCreating   0          0s\n' +
          'nginx   1/1     Running             0          3s\n',
      ),
    );
  });

  it('prints nothing for an empty list and watches on', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('get pods -w --request-timeout=1s')).toEqual(ok(''));
  });

  it('refuses to watch more than one resource type', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('get pods,svc -w --request-timeout=1s')).toEqual(
      failed('error: you may only specify a single resource type\n'),
    );
  });
});

describe('kubectl cordon, uncordon and drain', () => {
  const nodeOf = (p: KubeObject) => (p.spec as { nodeName?: string }).nodeName;

  /** web at 3 replicas (one per worker) and a bare nginx pod, all running; returns nginx's node */
  function withWorkload(): { c: Cluster; node: string } {
    const c = withWeb(3);
    c.kubectl('run nginx --image=nginx');
    c.runUntil((x) => phase(x, 'nginx') === 'Running', { timeoutMs: 30_000 });
    return { c, node: nodeOf(c.get('pod', 'nginx')!)! };
  }

  /** the names of a namespace's pods on a node */
  const podsOn = (c: Cluster, node: string, ns: string) =>
    c
      .list('pods', ns)
      .filter((p) => nodeOf(p) === node)
      .map((p) => p.metadata.name!);

  it('marks a node unschedulable and back, saying so when there is nothing to do', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('cordon worker-1')).toEqual(ok('node/worker-1 cordoned\n'));
    expect(c.kubectl('cordon worker-1')).toEqual(ok('node/worker-1 already cordoned\n'));
    expect(c.get('node', 'worker-1', '')?.spec).toMatchObject({ unschedulable: true });
    expect(c.kubectl('get node worker-1').stdout).toBe(
      'NAME       STATUS                     ROLES    AGE   VERSION\n' +
        'worker-1   Ready,SchedulingDisabled   <none>   4s    v1.32.3\n',
    );
    expect(c.kubectl('uncordon worker-1')).toEqual(ok('node/worker-1 uncordoned\n'));
    expect(c.kubectl('uncordon worker-1')).toEqual(ok('node/worker-1 already uncordoned\n'));
    expect(c.get('node', 'worker-1', '')?.spec).not.toHaveProperty('unschedulable');
  });

  it('needs a node, and names one that does not exist', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('cordon')).toEqual(
      failed("error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples\n"),
    );
    expect(c.kubectl('drain nope')).toEqual(
      failed('Error from server (NotFound): nodes "nope" not found\n'),
    );
  });

  it('cordons but refuses to drain a node with a bare pod and a DaemonSet pod', () => {
    const { c, node } = withWorkload();
    const [proxy] = podsOn(c, node, 'kube-system').filter((n) => n.startsWith('kube-proxy-'));
    const noController =
      'cannot delete cannot delete Pods that declare no controller (use --force to override): default/nginx';
    const daemonSet = `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): kube-system/${proxy}`;
    expect(c.kubectl(`drain ${node}`)).toEqual({
      stdout: `node/${node} cordoned\n`,
      stderr:
        `error: unable to drain node "${node}" due to error: [${noController}, ${daemonSet}], continuing command...\n` +
        `There are pending nodes to be drained:\n ${node}\n` +
        `${noController}\n${daemonSet}\n`,
      exitCode: 1,
    });
    expect(phase(c, 'nginx')).toBe('Running');
  });

  it("evicts every pod but the DaemonSet's with --ignore-daemonsets --force, and the ReplicaSet replaces its pod elsewhere", () => {
    const { c, node } = withWorkload();
    const [web] = podsOn(c, node, 'default').filter((n) => n.startsWith('web-'));
    const system = podsOn(c, node, 'kube-system');
    const [proxy] = system.filter((n) => n.startsWith('kube-proxy-'));
    const evicted = ['default/nginx', `default/${web}`].concat(
      system.filter((n) => n.startsWith('coredns-')).map((n) => `kube-system/${n}`),
    );
    expect(c.kubectl(`drain ${node} --ignore-daemonsets --force`)).toEqual({
      stdout:
        `node/${node} cordoned\n` +
        evicted.map((p) => `evicting pod ${p}\n`).join('') +
        evicted.map((p) => `pod/${p.split('/')[1]} evicted\n`).join('') +
        `node/${node} drained\n`,
      stderr: `Warning: deleting Pods that declare no controller: default/nginx; ignoring DaemonSet-managed Pods: kube-system/${proxy}\n`,
      exitCode: 0,
    });
    expect(c.get('pod', 'nginx')).toBeUndefined();
    expect(podsOn(c, node, 'default')).toEqual([]);
    expect(podsOn(c, node, 'kube-system')).toEqual([proxy]);
    expect(c.runUntil((x) => available(x, 'web') === 3, { timeoutMs: 30_000 })).toBe(true);
    expect(podsOn(c, node, 'default')).toEqual([]);
  });
});

describe('kubectl describe against the cluster', () => {
  it('describes a pod no scheduler claims: no node, no conditions, no events', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('apply -f -', STUCK);
    c.advance(5_000);
    const volume = (c.get('pod', 'stuck')?.spec as { volumes: { name: string }[] }).volumes[0].name;
    expect(c.kubectl('describe pod stuck')).toEqual(
      ok(`Name:             stuck
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           <none>
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  app:
    Image:        nginx
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from ${volume} (ro)
Volumes:
  ${volume}:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:                      <none>
`),
    );
  });

  it("describes an unschedulable pod with the scheduler's reasons per node", () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('apply -f -', UNSCHEDULABLE);
    c.advance(5_000);
    const volume = (c.get('pod', 'picky')?.spec as { volumes: { name: string }[] }).volumes[0].name;
    expect(c.kubectl('describe pod picky')).toEqual(
      ok(`Name:             picky
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           <none>
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  app:
    Image:        nginx
    Port:         <none>
    Host Port:    <none>
    Environment:  <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from ${volume} (ro)
Conditions:
  Type           Status
  PodScheduled   False 
Volumes:
  ${volume}:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              disktype=ssd
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason            Age   From               Message
  ----     ------            ----  ----               -------
  Warning  FailedScheduling  5s    default-scheduler  0/4 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 3 node(s) didn't match Pod's node affinity/selector. preemption: 0/4 nodes are available: 4 Preemption is not helpful for scheduling.
`),
    );
  });

  it("describes a running pod: node, IP, container state, conditions and the kubelet's events", () => {
    const c = withNginx();
    const pod = c.get('pod', 'nginx')!;
    const volume = (pod.spec as { volumes: { name: string }[] }).volumes[0].name;
    const [container] = (pod.status as PodStatus).containerStatuses!;
    expect(container.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
    expect(c.kubectl('describe pod nginx')).toEqual(
      ok(`Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-2/10.0.1.12
Start Time:       Thu, 01 Jan 2026 09:00:04 +0000
Labels:           run=nginx
Annotations:      <none>
Status:           Running
IP:               10.244.2.2
IPs:
  IP:  10.244.2.2
Containers:
  nginx:
    Container ID:   ${container.containerID}
    Image:          nginx
    Image ID:       ${container.imageID}
    Port:           <none>
    Host Port:      <none>
    State:          Running
      Started:      Thu, 01 Jan 2026 09:00:07 +0000
    Ready:          True
    Restart Count:  0
    Environment:    <none>
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from ${volume} (ro)
Conditions:
  Type                        Status
  PodScheduled                True 
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
Volumes:
  ${volume}:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   BestEffort
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type    Reason     Age   From               Message
  ----    ------     ----  ----               -------
  Normal  Scheduled  3s    default-scheduler  Successfully assigned default/nginx to worker-2
  Normal  Pulling    3s    kubelet            Pulling image "nginx"
  Normal  Pulled     0s    kubelet            Successfully pulled image "nginx" in 2.656s (2.656s including waiting). Image size: 72099410 bytes.
  Normal  Created    0s    kubelet            Created container: nginx
  Normal  Started    0s    kubelet            Started container nginx
`),
    );
  });

  it('describes a node with its lease, conditions, pod CIDR, its DaemonSet and CoreDNS pods and their requests (worker-2 runs a CoreDNS replica)', () => {
    const c = createCluster({ seed: 3 });
    c.advance(20_000);
    expect(c.kubectl('describe node worker-2')).toEqual(
      ok(`Name:               worker-2
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=worker-2
                    kubernetes.io/os=linux
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Thu, 01 Jan 2026 09:00:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  worker-2
  AcquireTime:     <unset>
  RenewTime:       Thu, 01 Jan 2026 09:00:21 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Thu, 01 Jan 2026 09:00:11 +0000   Thu, 01 Jan 2026 09:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Thu, 01 Jan 2026 09:00:11 +0000   Thu, 01 Jan 2026 09:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Thu, 01 Jan 2026 09:00:11 +0000   Thu, 01 Jan 2026 09:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Thu, 01 Jan 2026 09:00:11 +0000   Thu, 01 Jan 2026 09:00:02 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  10.0.1.12
  Hostname:    worker-2
Capacity:
  cpu:                4
  ephemeral-storage:  61202244Ki
  hugepages-2Mi:      0
  memory:             8Gi
  pods:               110
Allocatable:
  cpu:                4
  ephemeral-storage:  61202244Ki
  hugepages-2Mi:      0
  memory:             8092Mi
  pods:               110
System Info:
  Machine ID:                 
  System UUID:                
  Boot ID:                    
  Kernel Version:             6.1.0-28-amd64
  OS Image:                   Debian GNU/Linux 12 (bookworm)
  Operating System:           linux
  Architecture:               amd64
  Container Runtime Version:  containerd://1.7.24
  Kubelet Version:            v1.32.3
  Kube-Proxy Version:         
PodCIDR:                      10.244.2.0/24
PodCIDRs:                     10.244.2.0/24
Non-terminated Pods:          (2 in total)
  Namespace                   Name                        CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----                        ------------  ----------  ---------------  -------------  ---
  kube-system                 coredns-5664774cf5-wrlvg    100m (2%)     0 (0%)      70Mi (0%)        170Mi (2%)     20s
  kube-system                 kube-proxy-jfqdh            0 (0%)        0 (0%)      0 (0%)           0 (0%)         20s
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests   Limits
  --------           --------   ------
  cpu                100m (2%)  0 (0%)
  memory             70Mi (0%)  170Mi (2%)
  ephemeral-storage  0 (0%)     0 (0%)
  hugepages-2Mi      0 (0%)     0 (0%)
Events:
  Type    Reason          Age   From             Message
  ----    ------          ----  ----             -------
  Normal  RegisteredNode  15s   node-controller  Node worker-2 event: Registered Node worker-2 in Controller
`),
    );
  });

  it('describes a rolled-out deployment: replicas, conditions, its ReplicaSet and scaling events', () => {
    const c = withWeb(3);
    expect(c.get('deployment', 'web')!.metadata.creationTimestamp).toBe('2026-01-01T09:00:04Z');
    expect(c.kubectl('describe deployment web')).toEqual(
      ok(`Name:                   web
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 09:00:04 +0000
Labels:                 <none>
Annotations:            deployment.kubernetes.io/revision: 1
Selector:               app=web
Replicas:               3 desired | 3 updated | 3 total | 3 available | 0 unavailable
StrategyType:           RollingUpdate
MinReadySeconds:        0
RollingUpdateStrategy:  25% max unavailable, 25% max surge
Pod Template:
  Labels:  app=web
  Containers:
   web:
    Image:         nginx:1.27
    Port:          <none>
    Host Port:     <none>
    Environment:   <none>
    Mounts:        <none>
  Volumes:         <none>
  Node-Selectors:  <none>
  Tolerations:     <none>
Conditions:
  Type           Status  Reason
  ----           ------  ------
  Available      True    MinimumReplicasAvailable
  Progressing    True    NewReplicaSetAvailable
OldReplicaSets:  <none>
NewReplicaSet:   web-5f84b7585b (3/3 replicas created)
Events:
  Type    Reason             Age   From                   Message
  ----    ------             ----  ----                   -------
  Normal  ScalingReplicaSet  3s    deployment-controller  Scaled up replica set web-5f84b7585b from 0 to 1
  Normal  ScalingReplicaSet  3s    deployment-controller  Scaled up replica set web-5f84b7585b from 1 to 3
`),
    );
  });

  it('describes every pod whose name starts with the given prefix', () => {
    const c = withNginx();
    const r = c.kubectl('describe pod ngi');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe(`${c.kubectl('describe pod nginx').stdout}\n`);
  });
});

describe('kubectl errors leave the stored objects unchanged', () => {
  const cases: { name: string; line: string; stdin?: string; stderr: string }[] = [
    {
      name: 'a pod that does not exist is NotFound',
      line: 'get pod nope',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    },
    {
      name: 'describing a pod that does not exist is NotFound',
      line: 'describe pod nope',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    },
    {
      name: 'running a pod whose name is taken is AlreadyExists',
      line: 'run nginx --image=nginx',
      stderr: 'Error from server (AlreadyExists): pods "nginx" already exists\n',
    },
    {
      name: 'a pod without containers is Invalid',
      line: 'apply -f -',
      stdin:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: nocontainers\nspec:\n  containers: []\n',
      stderr: 'The Pod "nocontainers" is invalid: spec.containers: Required value\n',
    },
    {
      name: 'a pod with an invalid name is Invalid',
      line: 'apply -f -',
      stdin:
        'apiVersion: v1\nkind: Pod\nmetadata:\n  name: Bad_Name\nspec:\n  containers:\n  - name: c\n    image: nginx\n',
      stderr:
        "The Pod \"Bad_Name\" is invalid: metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n",
    },
    {
      name: 'an unknown resource type is rejected before any request',
      line: 'get foo',
      stderr: 'error: the server doesn\'t have a resource type "foo"\n',
    },
    {
      name: 'an unknown kind in a manifest has no resource mapping',
      line: 'apply -f -',
      stdin: 'apiVersion: v1\nkind: Foo\nmetadata:\n  name: x\n',
      stderr:
        'error: resource mapping not found for name: "x" namespace: "" from "STDIN": no matches for kind "Foo" in version "v1"\nensure CRDs are installed first\n',
    },
    {
      name: 'bad YAML names the line of the problem',
      line: 'apply -f -',
      stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec: a: b\n',
      stderr:
        'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: mapping values are not allowed in this context\n',
    },
    {
      name: 'a tab indenting the next key of a mapping violates indentation',
      line: 'apply -f -',
      stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n\tlabels: {}\n',
      stderr:
        'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: found a tab character that violates indentation\n',
    },
    {
      name: 'an unclosed flow sequence finds no node content',
      line: 'apply -f -',
      stdin: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels: [\n',
      stderr:
        'error: error parsing STDIN: error converting YAML to JSON: yaml: line 5: did not find expected node content\n',
    },
    {
      name: 'a pod without an image is refused before any request',
      line: 'run bad --image=',
      stderr: 'error: --image is required\n',
    },
  ];

  for (const t of cases) {
    it(t.name, () => {
      const c = withNginx();
      c.kubectl('apply -f -', WEB);
      // let the controllers and kubelets finish, so only the command could change anything
      c.runUntil((x) => available(x, 'web') === 1, { timeoutMs: 30_000 });
      const before = snapshot(c);
      expect(c.kubectl(t.line, t.stdin)).toEqual(failed(t.stderr));
      expect(snapshot(c)).toBe(before);
    });
  }

  it('says the connection was refused when the only apiserver is down', () => {
    const c = withNginx();
    c.fail('kube-apiserver@control-plane-1');
    expect(c.kubectl('get pods')).toEqual(
      failed(
        'The connection to the server control-plane-1:6443 was refused - did you specify the right host or port?\n',
      ),
    );
  });
});
