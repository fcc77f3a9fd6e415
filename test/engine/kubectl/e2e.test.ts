// End-to-end: the engine's kubectl against a whole simulated cluster (createCluster), with the
// exact stdout, stderr and exit codes kubectl v1.32 prints.
import { describe, expect, it } from 'vitest';
import { createCluster } from '../../../src/engine';
import type { Cluster } from '../../../src/engine';

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

// every stored object of the kinds the error cases could touch, as JSON
function snapshot(c: Cluster): string {
  return JSON.stringify(['pods', 'deployments', 'services'].map((k) => c.list(k)));
}

function withNginx(): Cluster {
  const c = createCluster({ seed: 1 });
  expect(c.kubectl('run nginx --image=nginx')).toEqual(ok('pod/nginx created\n'));
  return c;
}

describe('kubectl get and run on a fresh cluster', () => {
  it('lists the control-plane node and three workers, all Ready', () => {
    const c = createCluster({ seed: 1 });
    expect(c.kubectl('get nodes')).toEqual(
      ok(
        'NAME              STATUS   ROLES           AGE   VERSION\n' +
          'control-plane-1   Ready    control-plane   2s    v1.32.3\n' +
          'worker-1          Ready    <none>          2s    v1.32.3\n' +
          'worker-2          Ready    <none>          2s    v1.32.3\n' +
          'worker-3          Ready    <none>          2s    v1.32.3\n',
      ),
    );
  });

  it('runs a pod that is listed as Pending with no ready containers', () => {
    const c = withNginx();
    expect(c.kubectl('get pods')).toEqual(
      ok('NAME    READY   STATUS    RESTARTS   AGE\nnginx   0/1     Pending   0          0s\n'),
    );
    expect(c.get('pod', 'nginx')?.metadata.labels).toEqual({ run: 'nginx' });
  });

  it('prints the stored pod as YAML with the defaults the apiserver applied', () => {
    const c = withNginx();
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

  it('reports unchanged objects on a second apply and leaves them as stored', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('apply -f -', WEB);
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

  it('scales a deployment through its scale subresource', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('apply -f -', WEB);
    expect(c.kubectl('scale deployment/web --replicas=3')).toEqual(
      ok('deployment.apps/web scaled\n'),
    );
    expect((c.get('deployment', 'web')?.spec as { replicas: number }).replicas).toBe(3);
  });

  it('adds a label to a pod', () => {
    const c = withNginx();
    expect(c.kubectl('label pod nginx tier=frontend')).toEqual(ok('pod/nginx labeled\n'));
    expect(c.get('pod', 'nginx')?.metadata.labels).toEqual({ run: 'nginx', tier: 'frontend' });
  });

  it('deletes a pod', () => {
    const c = withNginx();
    expect(c.kubectl('delete pod nginx')).toEqual(ok('pod "nginx" deleted\n'));
    expect(c.get('pod', 'nginx')).toBeUndefined();
    expect(c.kubectl('get pods')).toEqual({
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
      exitCode: 0,
    });
  });
});

describe('kubectl get -w', () => {
  it('prints the list, then the change made while watching', () => {
    const c = withNginx();
    c.sim.after(500, () => c.kubectl('label pod nginx tier=backend'));
    const r = c.kubectl('get pods -w --request-timeout=2s');
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines.slice(0, 2)).toEqual([
      'NAME    READY   STATUS    RESTARTS   AGE',
      'nginx   0/1     Pending   0          0s',
    ]);
    // kubectl v1.32 keeps the header's column widths for watch rows (cli-runtime tabwriter
    // RememberWidths); the cells are asserted here, the padding is not
    expect(lines[2].split(/\s+/)).toEqual(['nginx', '0/1', 'Pending', '0', '0s']);
    expect(lines.slice(3)).toEqual(['']);
    expect(c.get('pod', 'nginx')?.metadata.labels).toEqual({ run: 'nginx', tier: 'backend' });
  });
});

describe('kubectl describe against the cluster', () => {
  it('describes an unscheduled pod with its service account volume and default tolerations', () => {
    const c = withNginx();
    const volume = (c.get('pod', 'nginx')?.spec as { volumes: { name: string }[] }).volumes[0].name;
    expect(c.kubectl('describe pod nginx')).toEqual(
      ok(`Name:             nginx
Namespace:        default
Priority:         0
Service Account:  default
Node:             <none>
Labels:           run=nginx
Annotations:      <none>
Status:           Pending
IP:               
IPs:              <none>
Containers:
  nginx:
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

  it('describes a node with its lease, conditions, capacity and an empty pods table', () => {
    const c = createCluster({ seed: 1 });
    c.advance(20_000);
    expect(c.kubectl('describe node worker-1')).toEqual(
      ok(`Name:               worker-1
Roles:              <none>
Labels:             beta.kubernetes.io/arch=amd64
                    beta.kubernetes.io/os=linux
                    kubernetes.io/arch=amd64
                    kubernetes.io/hostname=worker-1
                    kubernetes.io/os=linux
Annotations:        kubeadm.alpha.kubernetes.io/cri-socket: unix:///var/run/containerd/containerd.sock
                    node.alpha.kubernetes.io/ttl: 0
                    volumes.kubernetes.io/controller-managed-attach-detach: true
CreationTimestamp:  Thu, 01 Jan 2026 09:00:00 +0000
Taints:             <none>
Unschedulable:      false
Lease:
  HolderIdentity:  worker-1
  AcquireTime:     <unset>
  RenewTime:       Thu, 01 Jan 2026 09:00:21 +0000
Conditions:
  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message
  ----             ------  -----------------                 ------------------                ------                       -------
  MemoryPressure   False   Thu, 01 Jan 2026 09:00:00 +0000   Thu, 01 Jan 2026 09:00:00 +0000   KubeletHasSufficientMemory   kubelet has sufficient memory available
  DiskPressure     False   Thu, 01 Jan 2026 09:00:00 +0000   Thu, 01 Jan 2026 09:00:00 +0000   KubeletHasNoDiskPressure     kubelet has no disk pressure
  PIDPressure      False   Thu, 01 Jan 2026 09:00:00 +0000   Thu, 01 Jan 2026 09:00:00 +0000   KubeletHasSufficientPID      kubelet has sufficient PID available
  Ready            True    Thu, 01 Jan 2026 09:00:00 +0000   Thu, 01 Jan 2026 09:00:00 +0000   KubeletReady                 kubelet is posting ready status
Addresses:
  InternalIP:  10.0.1.11
  Hostname:    worker-1
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
Non-terminated Pods:          (0 in total)
  Namespace                   Name    CPU Requests  CPU Limits  Memory Requests  Memory Limits  Age
  ---------                   ----    ------------  ----------  ---------------  -------------  ---
Allocated resources:
  (Total limits may be over 100 percent, i.e., overcommitted.)
  Resource           Requests  Limits
  --------           --------  ------
  cpu                0 (0%)    0 (0%)
  memory             0 (0%)    0 (0%)
  ephemeral-storage  0 (0%)    0 (0%)
  hugepages-2Mi      0 (0%)    0 (0%)
Events:              <none>
`),
    );
  });

  it('describes a deployment with its replicas line, strategy and pod template', () => {
    const c = createCluster({ seed: 1 });
    c.kubectl('apply -f -', WEB);
    c.kubectl('scale deployment/web --replicas=3');
    const created = c.get('deployment', 'web')!.metadata.creationTimestamp;
    expect(created).toBe('2026-01-01T09:00:02Z');
    expect(c.kubectl('describe deployment web')).toEqual(
      ok(`Name:                   web
Namespace:              default
CreationTimestamp:      Thu, 01 Jan 2026 09:00:02 +0000
Labels:                 <none>
Annotations:            <none>
Selector:               app=web
Replicas:               3 desired | 0 updated | 0 total | 0 available | 0 unavailable
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
Events:            <none>
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
  ];

  for (const t of cases) {
    it(t.name, () => {
      const c = withNginx();
      c.kubectl('apply -f -', WEB);
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
