import type { Pod } from 'kubernetes-types/core/v1';
import { podPrinter, podStatusCells } from '../../../../src/engine/api/printers/pod';

const now = Date.parse('2024-05-01T12:00:00Z');
const minutesAgo = (m: number) => new Date(now - m * 60_000).toISOString();

function pod(overrides: {
  spec?: Partial<Pod['spec']>;
  status?: Pod['status'];
  deleting?: boolean;
}): Pod {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web',
      creationTimestamp: minutesAgo(5),
      ...(overrides.deleting ? { deletionTimestamp: minutesAgo(0) } : {}),
    },
    spec: { containers: [{ name: 'a' }, { name: 'b' }], ...overrides.spec },
    status: overrides.status ?? {},
  };
}

const running = { running: { startedAt: minutesAgo(4) } };

describe('pod STATUS, READY and RESTARTS', () => {
  // Cases modelled on pkg/printers/internalversion/printers_test.go TestPrintPod
  it.each<[string, Pod, { ready: string; status: string; restarts: string }]>([
    [
      'a phase with one ready running container',
      pod({
        status: {
          phase: 'podPhase',
          containerStatuses: [
            { name: 'a', image: '', imageID: '', ready: true, restartCount: 3, state: running },
            { name: 'b', image: '', imageID: '', ready: false, restartCount: 3 },
          ],
        },
      }),
      { ready: '1/2', status: 'podPhase', restarts: '6' },
    ],
    [
      'a waiting container reason',
      pod({
        status: {
          phase: 'Pending',
          containerStatuses: [
            {
              name: 'a',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ContainerCreating' } },
            },
          ],
        },
      }),
      { ready: '0/2', status: 'ContainerCreating', restarts: '0' },
    ],
    [
      'a terminated container reason',
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'a',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 137, reason: 'OOMKilled' } },
            },
          ],
        },
      }),
      { ready: '0/2', status: 'OOMKilled', restarts: '0' },
    ],
    [
      'a terminated container without reason but with a signal',
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'a',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, signal: 9 } },
            },
          ],
        },
      }),
      { ready: '0/2', status: 'Signal:9', restarts: '0' },
    ],
    [
      'a terminated container without reason or signal',
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'a',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 2 } },
            },
          ],
        },
      }),
      { ready: '0/2', status: 'ExitCode:2', restarts: '0' },
    ],
    [
      'the first container (iterated last) decides the status',
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'a',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'CrashLoopBackOff' } },
            },
            {
              name: 'b',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { waiting: { reason: 'ErrImagePull' } },
            },
          ],
        },
      }),
      { ready: '0/2', status: 'CrashLoopBackOff', restarts: '0' },
    ],
    [
      'a completed container next to a running one in a ready pod',
      pod({
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            { name: 'a', image: '', imageID: '', ready: true, restartCount: 0, state: running },
            {
              name: 'b',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      }),
      { ready: '1/2', status: 'Running', restarts: '0' },
    ],
    [
      'a completed container next to a running one in an unready pod',
      pod({
        status: {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'False' }],
          containerStatuses: [
            { name: 'a', image: '', imageID: '', ready: true, restartCount: 0, state: running },
            {
              name: 'b',
              image: '',
              imageID: '',
              ready: false,
              restartCount: 0,
              state: { terminated: { exitCode: 0, reason: 'Completed' } },
            },
          ],
        },
      }),
      { ready: '1/2', status: 'NotReady', restarts: '0' },
    ],
    [
      'a pod evicted by the kubelet',
      pod({ status: { phase: 'Failed', reason: 'Evicted' } }),
      { ready: '0/2', status: 'Evicted', restarts: '0' },
    ],
    [
      'a scheduling-gated pod',
      pod({
        status: {
          phase: 'Pending',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        },
      }),
      { ready: '0/2', status: 'SchedulingGated', restarts: '0' },
    ],
    [
      'a deleting running pod',
      pod({ deleting: true, status: { phase: 'Running' } }),
      { ready: '0/2', status: 'Terminating', restarts: '0' },
    ],
    [
      'a deleting pod that already succeeded',
      pod({ deleting: true, status: { phase: 'Succeeded' } }),
      { ready: '0/2', status: 'Succeeded', restarts: '0' },
    ],
    [
      'a deleting pod on a lost node',
      pod({ deleting: true, status: { phase: 'Running', reason: 'NodeLost' } }),
      { ready: '0/2', status: 'Unknown', restarts: '0' },
    ],
    [
      'restarts with the last restart time',
      pod({
        status: {
          phase: 'Running',
          containerStatuses: [
            {
              name: 'a',
              image: '',
              imageID: '',
              ready: true,
              restartCount: 3,
              state: running,
              lastState: { terminated: { exitCode: 1, finishedAt: minutesAgo(10) } },
            },
            {
              name: 'b',
              image: '',
              imageID: '',
              ready: true,
              restartCount: 1,
              state: running,
              lastState: { terminated: { exitCode: 1, finishedAt: minutesAgo(3) } },
            },
          ],
        },
      }),
      { ready: '2/2', status: 'Running', restarts: '4 (3m ago)' },
    ],
  ])('%s', (_name, p, want) => {
    expect(podStatusCells(p, now)).toEqual(want);
  });
});

describe('pod STATUS while initializing', () => {
  const initSpec = { initContainers: [{ name: 'init-a' }, { name: 'init-b' }] };
  const initStatus = (states: Pod['status']) =>
    pod({ spec: initSpec, status: { phase: 'Pending', ...states } });

  it.each<[string, Pod, string]>([
    [
      'the first init container running',
      initStatus({
        initContainerStatuses: [
          { name: 'init-a', image: '', imageID: '', ready: false, restartCount: 0, state: running },
          {
            name: 'init-b',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { waiting: { reason: 'PodInitializing' } },
          },
        ],
      }),
      'Init:0/2',
    ],
    [
      'the second init container after the first succeeded',
      initStatus({
        initContainerStatuses: [
          {
            name: 'init-a',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 0, reason: 'Completed' } },
          },
          { name: 'init-b', image: '', imageID: '', ready: false, restartCount: 0, state: running },
        ],
      }),
      'Init:1/2',
    ],
    [
      'an init container in back-off',
      initStatus({
        initContainerStatuses: [
          {
            name: 'init-a',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 2,
            state: { waiting: { reason: 'CrashLoopBackOff' } },
          },
        ],
      }),
      'Init:CrashLoopBackOff',
    ],
    [
      'a failed init container with a reason',
      initStatus({
        initContainerStatuses: [
          {
            name: 'init-a',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 1, reason: 'Error' } },
          },
        ],
      }),
      'Init:Error',
    ],
    [
      'a failed init container with only an exit code',
      initStatus({
        initContainerStatuses: [
          {
            name: 'init-a',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 3 } },
          },
        ],
      }),
      'Init:ExitCode:3',
    ],
    [
      'a failed init container killed by a signal',
      initStatus({
        initContainerStatuses: [
          {
            name: 'init-a',
            image: '',
            imageID: '',
            ready: false,
            restartCount: 0,
            state: { terminated: { exitCode: 1, signal: 15 } },
          },
        ],
      }),
      'Init:Signal:15',
    ],
  ])('shows %s', (_name, p, want) => {
    expect(podStatusCells(p, now).status).toBe(want);
  });

  it('counts a started sidecar as a container and its restarts', () => {
    const p = pod({
      spec: {
        initContainers: [{ name: 'proxy', restartPolicy: 'Always' }],
        containers: [{ name: 'a' }],
      },
      status: {
        phase: 'Running',
        conditions: [{ type: 'Initialized', status: 'True' }],
        initContainerStatuses: [
          {
            name: 'proxy',
            image: '',
            imageID: '',
            ready: true,
            started: true,
            restartCount: 2,
            state: running,
          },
        ],
        containerStatuses: [
          { name: 'a', image: '', imageID: '', ready: true, restartCount: 1, state: running },
        ],
      },
    });
    expect(podStatusCells(p, now)).toEqual({ ready: '2/2', status: 'Running', restarts: '3' });
  });
});

describe('podPrinter', () => {
  it('prints the wide cells with <none> for missing values', () => {
    const p = pod({ status: { phase: 'Pending' } });
    expect(podPrinter.print(p, { now, wide: true }).cells).toEqual([
      'web',
      '0/2',
      'Pending',
      '0',
      '5m',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  it('prints IP, node, nominated node and readiness gates', () => {
    const p = pod({
      spec: {
        nodeName: 'worker-1',
        readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'x' }],
      },
      status: {
        phase: 'Running',
        podIPs: [{ ip: '10.244.1.2' }],
        nominatedNodeName: 'worker-2',
        conditions: [{ type: 'example.com/lb', status: 'True' }],
      },
    });
    expect(podPrinter.print(p, { now, wide: true }).cells.slice(5)).toEqual([
      '10.244.1.2',
      'worker-1',
      'worker-2',
      '1/2',
    ]);
  });

  it('marks succeeded and failed pods as completed rows', () => {
    expect(
      podPrinter.print(pod({ status: { phase: 'Succeeded' } }), { now, wide: false }).conditions,
    ).toEqual([
      {
        type: 'Completed',
        status: 'True',
        reason: 'Succeeded',
        message: 'The pod has completed successfully.',
      },
    ]);
    expect(
      podPrinter.print(pod({ status: { phase: 'Failed' } }), { now, wide: false }).conditions,
    ).toEqual([
      { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
    ]);
    expect(
      podPrinter.print(pod({ status: { phase: 'Running' } }), { now, wide: false }).conditions,
    ).toBeUndefined();
  });

  it('defines the upstream columns with wide ones at priority 1', () => {
    expect(podPrinter.columns.map((c) => [c.name, c.type, c.format, c.priority])).toEqual([
      ['Name', 'string', 'name', 0],
      ['Ready', 'string', '', 0],
      ['Status', 'string', '', 0],
      ['Restarts', 'string', '', 0],
      ['Age', 'string', '', 0],
      ['IP', 'string', '', 1],
      ['Node', 'string', '', 1],
      ['Nominated Node', 'string', '', 1],
      ['Readiness Gates', 'string', '', 1],
    ]);
    expect(podPrinter.columns[1].description).toBe(
      'The aggregate readiness state of this pod for accepting traffic.',
    );
  });
});
