// kubectl describe's layouts fed with objects directly. Expected texts were printed by the real
// kubectl v1.32.5 for the same objects (served by the simulated apiserver).
import type { Pod } from 'kubernetes-types/core/v1';
import { describe, expect, it } from 'vitest';
import {
  describeEvents,
  describeGeneric,
  describePod,
  describeService,
  eventsFieldSelector,
} from '../../../src/engine/kubectl/describe';
import { rfc1123z, printTolerationsMultiline } from '../../../src/engine/kubectl/describe/format';
import { smartLabelFor } from '../../../src/engine/kubectl/describe/generic';
import { tabbedString } from '../../../src/engine/kubectl/describe/prefix-writer';

// the moment the reference output was printed
const NOW = 1795273418_000;
const T_START = '2026-11-21T14:33:38Z';
const T_RESTART = '2026-11-21T14:48:38Z';

const RUNNING_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web-1',
    namespace: 'default',
    labels: { app: 'web' },
    ownerReferences: [
      { apiVersion: 'apps/v1', controller: true, kind: 'ReplicaSet', name: 'web-abc', uid: 'u-rs' },
    ],
    uid: '63afb588-f49f-48f8-b327-5455d4a99ba4',
  },
  spec: {
    nodeName: 'worker-2',
    priority: 0,
    serviceAccountName: 'default',
    containers: [
      {
        name: 'web',
        image: 'nginx:1.27',
        env: [
          {
            name: 'NODE',
            valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } },
          },
          { name: 'PASS', valueFrom: { secretKeyRef: { key: 'p', name: 's1' } } },
        ],
        livenessProbe: {
          failureThreshold: 3,
          initialDelaySeconds: 5,
          periodSeconds: 10,
          successThreshold: 1,
          tcpSocket: { port: 80 },
          timeoutSeconds: 1,
        },
        ports: [
          { containerPort: 80, protocol: 'TCP' },
          { containerPort: 443, hostPort: 8443, protocol: 'TCP' },
        ],
        resources: { limits: { memory: '128Mi' }, requests: { cpu: '250m', memory: '64Mi' } },
        volumeMounts: [
          {
            mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
            name: 'kube-api-access-glrj6',
            readOnly: true,
          },
        ],
      },
    ],
    tolerations: [
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
      {
        effect: 'NoExecute',
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        tolerationSeconds: 300,
      },
    ],
    volumes: [
      {
        name: 'kube-api-access-glrj6',
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
            {
              downwardAPI: {
                items: [
                  {
                    fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' },
                    path: 'namespace',
                  },
                ],
              },
            },
          ],
        },
      },
    ],
  },
  status: {
    phase: 'Running',
    hostIP: '10.0.1.12',
    podIP: '10.244.2.5',
    podIPs: [{ ip: '10.244.2.5' }],
    startTime: T_START,
    qosClass: 'Burstable',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'True' },
      { type: 'ContainersReady', status: 'True' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'web',
        image: 'docker.io/library/nginx:1.27',
        imageID: 'docker.io/library/nginx@sha256:abc',
        containerID: 'containerd://0123abcd',
        ready: true,
        restartCount: 1,
        started: true,
        state: { running: { startedAt: T_RESTART } },
        lastState: {
          terminated: {
            exitCode: 137,
            reason: 'OOMKilled',
            startedAt: T_START,
            finishedAt: T_RESTART,
          },
        },
      },
    ],
  },
} as Pod;

// as listed by the server, except Scheduled last: the table is sorted (stably) by last timestamp
const EVENTS = [
  {
    type: 'Normal',
    reason: 'Pulled',
    count: 3,
    firstTimestamp: T_START,
    lastTimestamp: T_RESTART,
    message: 'Container image already present  ',
    source: { component: 'kubelet' },
  },
  {
    type: 'Warning',
    reason: 'BackOff',
    count: 1,
    firstTimestamp: T_RESTART,
    lastTimestamp: T_RESTART,
    message: 'Back-off restarting  ',
    source: { component: 'kubelet' },
  },
  {
    type: 'Normal',
    reason: 'Scheduled',
    count: 1,
    firstTimestamp: T_START,
    lastTimestamp: T_START,
    message: 'Successfully assigned  ',
    source: { component: 'default-scheduler' },
  },
];

describe('describePod', () => {
  it('prints a running pod with container state, restarts, conditions and its events', () => {
    expect(describePod(RUNNING_POD, EVENTS, NOW)).toBe(`Name:             web-1
Namespace:        default
Priority:         0
Service Account:  default
Node:             worker-2/10.0.1.12
Start Time:       Sat, 21 Nov 2026 14:33:38 +0000
Labels:           app=web
Annotations:      <none>
Status:           Running
IP:               10.244.2.5
IPs:
  IP:           10.244.2.5
Controlled By:  ReplicaSet/web-abc
Containers:
  web:
    Container ID:   containerd://0123abcd
    Image:          nginx:1.27
    Image ID:       docker.io/library/nginx@sha256:abc
    Ports:          80/TCP, 443/TCP
    Host Ports:     0/TCP, 8443/TCP
    State:          Running
      Started:      Sat, 21 Nov 2026 14:48:38 +0000
    Last State:     Terminated
      Reason:       OOMKilled
      Exit Code:    137
      Started:      Sat, 21 Nov 2026 14:33:38 +0000
      Finished:     Sat, 21 Nov 2026 14:48:38 +0000
    Ready:          True
    Restart Count:  1
    Limits:
      memory:  128Mi
    Requests:
      cpu:     250m
      memory:  64Mi
    Liveness:  tcp-socket :80 delay=5s timeout=1s period=10s #success=1 #failure=3
    Environment:
      NODE:   (v1:spec.nodeName)
      PASS:  <set to the key 'p' in secret 's1'>  Optional: false
    Mounts:
      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-glrj6 (ro)
Conditions:
  Type                        Status
  PodReadyToStartContainers   True 
  Initialized                 True 
  Ready                       True 
  ContainersReady             True 
  PodScheduled                True 
Volumes:
  kube-api-access-glrj6:
    Type:                    Projected (a volume that contains injected data from multiple sources)
    TokenExpirationSeconds:  3607
    ConfigMapName:           kube-root-ca.crt
    ConfigMapOptional:       <nil>
    DownwardAPI:             true
QoS Class:                   Burstable
Node-Selectors:              <none>
Tolerations:                 node.kubernetes.io/not-ready:NoExecute op=Exists for 300s
                             node.kubernetes.io/unreachable:NoExecute op=Exists for 300s
Events:
  Type     Reason     Age                From               Message
  ----     ------     ----               ----               -------
  Normal   Scheduled  30m                default-scheduler  Successfully assigned
  Normal   Pulled     15m (x3 over 30m)  kubelet            Container image already present
  Warning  BackOff    15m                kubelet            Back-off restarting
`);
  });

  it('leaves the Events section out when events are not shown', () => {
    expect(describePod(RUNNING_POD, undefined, NOW)).not.toContain('Events:');
  });

  it('shows a pod being deleted as Terminating with its grace period', () => {
    const pod = {
      ...RUNNING_POD,
      metadata: {
        ...RUNNING_POD.metadata,
        deletionTimestamp: '2026-11-21T15:03:18Z',
        deletionGracePeriodSeconds: 30,
      },
    } as Pod;
    const text = describePod(pod, [], NOW);
    expect(text).toContain('Status:                    Terminating (lasts 20s)\n');
    expect(text).toContain('Termination Grace Period:  30s\n');
    expect(text.endsWith('Events:                      <none>\n')).toBe(true);
  });
});

describe('describeEvents', () => {
  const table = (events: Parameters<typeof describeEvents>[1]) =>
    tabbedString((w) => describeEvents(w, events, Date.parse('2026-01-01T10:00:00Z')));

  it('prints <none> for an object without events', () => {
    expect(table([])).toBe('Events:  <none>\n');
  });

  it.each([
    // [event, Age cell]
    [
      { firstTimestamp: '2026-01-01T09:59:30Z', lastTimestamp: '2026-01-01T09:59:30Z', count: 1 },
      '30s',
    ],
    [
      { firstTimestamp: '2026-01-01T09:00:00Z', lastTimestamp: '2026-01-01T09:58:00Z', count: 7 },
      '2m (x7 over 60m)',
    ],
    [{ eventTime: '2026-01-01T09:55:00.000000Z' }, '5m'],
    [
      {
        eventTime: '2026-01-01T09:50:00.000000Z',
        series: { count: 4, lastObservedTime: '2026-01-01T09:59:00.000000Z' },
      },
      '60s (x4 over 10m)',
    ],
    [{}, '<unknown>'],
  ])('ages %j as %s', (times, age) => {
    const text = table([
      { type: 'Normal', reason: 'R', message: 'm', reportingComponent: 'c', ...times },
    ]);
    expect(text.split('\n')[3].split(/\s{2,}/)).toEqual(['', 'Normal', 'R', age, 'c', 'm']);
  });

  it('aligns the events table on its own, after what came before', () => {
    const text = tabbedString((w) => {
      w.write(0, 'A very long title here:\tx\n');
      describeEvents(
        w,
        [{ type: 'Normal', reason: 'R', message: 'm', source: { component: 'c' } }],
        0,
      );
    });
    expect(text).toBe(
      'A very long title here:  x\nEvents:\n  Type    Reason  Age        From  Message\n  ----    ------  ----       ----  -------\n  Normal  R       <unknown>  c     m\n',
    );
  });
});

describe('event search', () => {
  it.each([
    [
      { name: 'nginx', namespace: 'default', uid: 'u1' },
      'involvedObject.name=nginx,involvedObject.namespace=default,involvedObject.uid=u1',
    ],
    [
      { kind: 'Node', name: 'worker-1', namespace: '', uid: 'worker-1' },
      'involvedObject.kind=Node,involvedObject.name=worker-1,involvedObject.namespace=,involvedObject.uid=worker-1',
    ],
  ])('selects %j with %s', (ref, selector) => {
    expect(eventsFieldSelector(ref)).toBe(selector);
  });
});

describe('describe helpers', () => {
  it.each([
    ['apiVersion', 'API Version'],
    ['creationTimestamp', 'Creation Timestamp'],
    ['uid', 'UID'],
    ['clusterIP', 'Cluster IP'],
    ['PDFLoader', 'PDF Loader'],
    ['ipv4', 'ipv4'],
    ['node.kubernetes.io', 'node.kubernetes.io'],
  ])('labels the field %s as %s', (field, label) => {
    expect(smartLabelFor(field)).toBe(label);
  });

  it.each([
    [[{ operator: 'Exists' }], 'op=Exists'],
    [[{ key: 'k', operator: 'Equal', value: 'v', effect: 'NoSchedule' }], 'k=v:NoSchedule'],
    [[{ key: 'k', operator: 'Exists' }], 'k op=Exists'],
    [
      [{ effect: 'NoExecute', operator: 'Exists', tolerationSeconds: 60 }],
      ':NoExecute op=Exists for 60s',
    ],
  ])('prints the toleration %j as %s', (tolerations, text) => {
    const out = tabbedString((w) => printTolerationsMultiline(w, 'Tolerations', tolerations));
    expect(out).toBe(`Tolerations:  ${text}\n`);
  });

  it.each([
    ['2026-01-01T09:00:00Z', 'Thu, 01 Jan 2026 09:00:00 +0000'],
    ['2024-02-29T23:59:59Z', 'Thu, 29 Feb 2024 23:59:59 +0000'],
    [undefined, 'Mon, 01 Jan 0001 00:00:00 +0000'],
  ])('formats %s as RFC 1123 with a numeric zone', (timestamp, text) => {
    expect(rfc1123z(timestamp)).toBe(text);
  });
});

describe('describeService', () => {
  const svc = {
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      selector: { app: 'web' },
      type: 'ClusterIP',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
      clusterIP: '10.96.0.20',
      clusterIPs: ['10.96.0.20'],
      ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
  const endpoint = (ip: string, ready: boolean) => ({ addresses: [ip], conditions: { ready } });

  it('lists the first three ready endpoints and counts the rest', () => {
    const slice = {
      addressType: 'IPv4',
      ports: [{ name: '', port: 8080, protocol: 'TCP' }],
      endpoints: [
        endpoint('10.244.1.2', true),
        endpoint('10.244.1.3', false),
        endpoint('10.244.2.2', true),
        endpoint('10.244.2.3', true),
        endpoint('10.244.3.2', true),
        endpoint('10.244.3.3', true),
      ],
    };
    const text = describeService(svc as never, [slice as never], [], 0);
    expect(text).toContain(
      'Endpoints:                10.244.1.2:8080,10.244.2.2:8080,10.244.2.3:8080 + 2 more...\n',
    );
  });

  it('prints the service fields in kubectl order', () => {
    expect(describeService(svc as never, [], undefined, 0)).toBe(`Name:                     web
Namespace:                default
Labels:                   <none>
Annotations:              <none>
Selector:                 app=web
Type:                     ClusterIP
IP Family Policy:         SingleStack
IP Families:              IPv4
IP:                       10.96.0.20
IPs:                      10.96.0.20
Port:                     <unset>  80/TCP
TargetPort:               8080/TCP
Endpoints:                <none>
Session Affinity:         None
Internal Traffic Policy:  Cluster
`);
  });
});

describe('describeGeneric', () => {
  it('prints every field sorted under smart labels, skipping the metadata shown above', () => {
    const lease = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: 'worker-1',
        namespace: 'kube-node-lease',
        uid: 'u1',
        resourceVersion: '42',
        creationTimestamp: '2026-01-01T09:00:00Z',
        managedFields: [{ manager: 'kubelet' }],
        ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: 'worker-1', uid: 'n1' }],
      },
      spec: {
        holderIdentity: 'worker-1',
        leaseDurationSeconds: 40,
        renewTime: '2026-01-01T09:00:10.000000Z',
      },
    };
    expect(describeGeneric(lease, [], 0)).toBe(`Name:         worker-1
Namespace:    kube-node-lease
Labels:       <none>
Annotations:  <none>
API Version:  coordination.k8s.io/v1
Kind:         Lease
Metadata:
  Creation Timestamp:  2026-01-01T09:00:00Z
  Owner References:
    API Version:     v1
    Kind:            Node
    Name:            worker-1
    UID:             n1
  Resource Version:  42
  UID:               u1
Spec:
  Holder Identity:         worker-1
  Lease Duration Seconds:  40
  Renew Time:              2026-01-01T09:00:10.000000Z
Events:                    <none>
`);
  });
});
