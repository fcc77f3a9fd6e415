import type { Cluster } from '../engine';
import type { Scenario, StepVars } from './types';

const API = 'kube-apiserver@*';
const ETCD = 'etcd@*';
const GREETING = '/registry/configmaps/default/greeting';

/** The member that leads now, if a majority elected one. */
const leaderOf = (c: Cluster) => c.etcd.leader();

/** `etcd@control-plane-2` → `control-plane-2`. */
const nodeOf = (id: string | undefined) => id?.replace(/^etcd@/, '');

/** etcdctl as an operator runs it in a kubeadm cluster: in the etcd pod of a node. */
const etcdctl = (node: string, args: string) =>
  `kubectl -n kube-system exec etcd-${node} -- etcdctl ${args}`;

/** The leader before the story kills it, its term, the new leader and the member left alone. */
function learn(c: Cluster, vars: StepVars): StepVars {
  const out: StepVars = {};
  const leader = leaderOf(c);
  if (!vars.leader && leader) {
    out.leader = nodeOf(leader.id);
    out.oldTerm = String(leader.raft?.term ?? 0);
    out.nextTerm = String((leader.raft?.term ?? 0) + 1);
  }
  const first = vars.leader ?? out.leader;
  if (!vars.newLeader && leader && first && nodeOf(leader.id) !== first) {
    out.newLeader = nodeOf(leader.id);
    out.follower = c.etcd.members.find((m) => m.name !== first && m.id !== leader.id)?.name;
  }
  return out;
}

/** "etcd: consensus under the hood": Raft replication, election, quorum, backups. */
export const etcdConsensus: Scenario = {
  id: 'etcd-consensus',
  title: 'etcd: consensus under the hood',
  summary:
    'A write replicated by Raft, the leader killed and a new one elected, writes stopping without a quorum, a snapshot for backups, and why etcd clusters have odd sizes.',
  duration: '9 min',
  group: 'control plane internals',
  cluster: { controlPlaneNodes: 3, workers: 2 },
  invitation: 'Three etcd members agree on every write: watch how',
  intro:
    'Three control-plane nodes, each with a stacked etcd member that only its own API server talks to. etcdctl runs inside the etcd pods and speaks etcd’s v3 API, its default since etcd 3.4, so ETCDCTL_API=3 is no longer needed (the certificate flags kubeadm’s etcd requires are left out for brevity).',
  startLabel: 'Ask etcd who leads',
  done: 'etcd has a leader again, a snapshot is saved, and you know why 3 beats 2',
  learn,
  steps: [
    {
      id: 'status',
      title: 'One leader, two followers',
      narration:
        'etcd keeps the cluster state in a replicated log, kept consistent by Raft. One member is leader for the current term and every write goes through it; the followers copy its log, and the leader’s heartbeats every 100 ms tell them it is alive. Clients such as the API server talk to a member on port 2379; members talk to each other on 2380.',
      highlight: [ETCD],
      docs: {
        title: 'Operating etcd clusters for Kubernetes',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/',
      },
      actions: [
        {
          kubectl: etcdctl('control-plane-1', 'endpoint status --cluster -w table'),
          shown: etcdctl('control-plane-1', 'endpoint status --cluster -w table'),
        },
      ],
      until: { from: ETCD, to: 'etcdctl' },
    },
    {
      id: 'propose',
      title: 'A write reaches etcd',
      narration:
        'The API server stores the ConfigMap with a transaction on its own node’s member, which forwards it to the leader if it is a follower. The leader, {leader}, appends the entry to its log and sends it to both followers (MsgApp).',
      highlight: [API, ETCD],
      docs: {
        title: 'Cluster architecture: etcd',
        url: 'https://kubernetes.io/docs/concepts/architecture/#etcd',
      },
      actions: [
        {
          kubectl: 'create configmap greeting --from-literal=hello=world',
          shown: 'kubectl create configmap greeting --from-literal=hello=world',
        },
      ],
      until: { from: API, to: ETCD, verb: 'Txn', resource: GREETING },
      question: {
        prompt: 'How many of the 3 members must store the entry before the write is committed?',
        choices: ['Only the leader', '2 of the 3, a majority', 'All 3'],
        answer: 1,
        explanation:
          'Raft commits an entry once a majority of members has it in its log, so one slow or dead member cannot block writes.',
      },
    },
    {
      id: 'commit',
      title: 'Committed on a majority',
      narration:
        'Each follower appends the entry and acknowledges (MsgAppResp). As soon as the leader and one follower have it, it is committed: every member applies it to its key-value store at a new revision, and the API server answers kubectl with 201 Created.',
      highlight: [ETCD, API],
      docs: {
        title: 'Operating etcd clusters: multi-node etcd cluster',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#multi-node-etcd-cluster',
      },
      until: { from: ETCD, to: API, verb: 'Txn', resource: GREETING },
    },
    // etcd --heartbeat-interval 100 ms, --election-timeout 1000 ms; raft randomizes the timeout
    // in [electionTimeout, 2 × electionTimeout) (raft.go resetRandomizedElectionTimeout)
    {
      id: 'kill-leader',
      title: 'The leader dies',
      narration:
        'The heartbeats from {leader} stop. Each follower waits a randomized election timeout, between 1 and 2 s with etcd’s default --election-timeout of 1000 ms, so that they seldom start an election at the same moment. The first to time out asks the others whether they would vote for it (a pre-vote) before it disrupts anything.',
      highlight: [ETCD],
      docs: {
        title: 'Operating etcd clusters: multi-node etcd cluster',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#multi-node-etcd-cluster',
      },
      actions: [{ fault: { op: 'kill', component: 'etcd@{leader}' } }],
      fastForward: 10_000,
      until: { from: ETCD, to: ETCD, verb: 'MsgPreVote' },
    },
    {
      id: 'elected',
      title: 'An election: a new term, a new leader',
      narration:
        'The candidate increments the term, votes for itself and asks the others for their vote (MsgVote); a member grants one vote per term. With its own vote and the other survivor’s it has 2 of 3, becomes leader and starts sending heartbeats.',
      highlight: [ETCD],
      docs: {
        title: 'Options for highly available topology: stacked etcd',
        url: 'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/#stacked-etcd-topology',
      },
      fastForward: 10_000,
      when: {
        description: 'a new etcd leader',
        test: (c, { vars }) => {
          const leader = leaderOf(c);
          return leader !== undefined && nodeOf(leader.id) !== vars.leader;
        },
      },
      question: {
        prompt: 'The old leader served term {oldTerm}. Which term does the new leader serve?',
        choices: ['{oldTerm}, the same', '{nextTerm}', '0: a new leader starts over'],
        answer: (c) => String(leaderOf(c)?.raft?.term ?? -1),
        explanation:
          'Terms only grow: a candidate increments the term before it asks for votes, and members reject messages from older terms, which is how a returning old leader learns it was replaced.',
      },
    },
    // etcd server/config ReqTimeout: 5 s + 2 × the election timeout (1000 ms) = 7 s
    {
      id: 'quorum-lost',
      title: 'Two of three gone: writes stop',
      narration:
        'Now {follower} dies too, and {newLeader} is alone: no entry can reach a majority. The write goes to an API server still in the load balancer’s rotation; whether its own member is down or only cut off from the others, it cannot commit and answers with an error (etcd gives up after its 7 s request timeout).',
      highlight: ['etcd@*', API, 'kubectl'],
      docs: {
        title: 'Options for highly available topology: stacked etcd',
        url: 'https://kubernetes.io/docs/setup/production-environment/tools/kubeadm/ha-topology/#stacked-etcd-topology',
      },
      actions: [
        { fault: { op: 'kill', component: 'etcd@{follower}' } },
        {
          kubectl: 'create configmap second --from-literal=a=b',
          shown: 'kubectl create configmap second --from-literal=a=b',
        },
      ],
      fastForward: 10_000,
      until: { to: 'kubectl', status: 500 },
      question: {
        prompt: 'Two of the three members are down. What does kubectl create configmap second get?',
        choices: [
          'configmap/second created',
          'Error from server: …',
          'The connection to the server was refused',
        ],
        answer: (c) =>
          c.sim.hops.all().findLast((h) => h.to === 'kubectl')?.status === 500 ? 1 : -1,
        explanation:
          'The API servers are up, so the connection succeeds, but a write commits only on a majority of etcd members, and one of three is not.',
      },
    },
    {
      id: 'no-leader',
      title: 'No leader at all',
      narration:
        'A leader that has not heard from a majority for an election timeout steps down (CheckQuorum), so {newLeader} stops leading. It keeps campaigning, but 1 vote of 3 never wins: the cluster is safe, nothing can diverge, and unavailable.',
      highlight: ['etcd@*'],
      docs: {
        title: 'Operating etcd clusters: multi-node etcd cluster',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#multi-node-etcd-cluster',
      },
      fastForward: 10_000,
      when: { description: 'no etcd leader', test: (c) => leaderOf(c) === undefined },
      question: {
        prompt: 'Can {newLeader} become leader again while it is alone?',
        choices: ['Yes, after an election timeout', 'No: 1 vote of 3 is not a majority'],
        answer: (c) => (leaderOf(c) === undefined ? 1 : 0),
        explanation:
          'Raft elects a leader only with votes from a majority of all members, dead ones included, so a lone survivor can never win.',
      },
    },
    {
      id: 'serializable',
      title: 'A stale read is still possible',
      narration:
        'kubectl get configmap greeting fails as well: the API server reads linearizably, which needs its own member up and confirming with a quorum that it is current, impossible now. etcdctl can ask for a serializable read instead (--consistency=s): {newLeader} answers from its own copy, which may be stale, without asking anyone.',
      highlight: ['etcd@{newLeader}', 'etcdctl'],
      docs: {
        title: 'API concepts: semantics for get and list',
        url: 'https://kubernetes.io/docs/reference/using-api/api-concepts/#semantics-for-get-and-list',
      },
      actions: [
        { kubectl: 'get configmap greeting', shown: 'kubectl get configmap greeting' },
        {
          kubectl: etcdctl('{newLeader}', `get ${GREETING} --keys-only --consistency=s`),
          shown: etcdctl('{newLeader}', `get ${GREETING} --keys-only --consistency=s`),
        },
      ],
      until: { from: 'etcd@{newLeader}', to: 'etcdctl' },
    },
    {
      id: 'out-of-rotation',
      title: 'The load balancer gives up on every API server',
      narration:
        'An API server’s /healthz includes an etcd check, and it now fails on all three, so the load balancer takes every one out of rotation. kubectl cannot even connect any more: the whole control plane is down because its database is.',
      highlight: ['load-balancer', API],
      docs: {
        title: 'Kubernetes API health endpoints',
        url: 'https://kubernetes.io/docs/reference/using-api/health-checks/',
      },
      fastForward: 30_000,
      when: {
        description: 'no API server in the load balancer’s rotation',
        test: (c) => c.loadBalancer?.inRotation().length === 0,
      },
    },
    {
      id: 'restore',
      title: 'The members come back',
      narration:
        'Restarted, {leader} and {follower} reload their snapshot and write-ahead log, elect a leader at a higher term, and the members that missed entries catch up from its log. A write that timed out was not necessarily lost: if the new leader’s log holds it, it is committed now, so an etcd timeout means “unknown”, not “failed”.',
      highlight: [ETCD, API, 'load-balancer'],
      docs: {
        title: 'Operating etcd clusters: restoring an etcd cluster',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#restoring-an-etcd-cluster',
      },
      actions: [
        { fault: { op: 'restart', component: 'etcd@{leader}' } },
        { fault: { op: 'restart', component: 'etcd@{follower}' } },
      ],
      fastForward: 60_000,
      when: {
        description: 'an etcd leader and every API server in rotation',
        test: (c) => leaderOf(c) !== undefined && c.loadBalancer?.inRotation().length === 3,
      },
      question: {
        prompt: 'Creating configmap second failed with an error. Does it exist once etcd is back?',
        choices: ['No: the request failed', 'Yes: it was committed after all'],
        answer: (c) => (c.get('configmaps', 'second') ? 1 : 0),
        explanation:
          'If the entry reached a member’s log before quorum was lost and that log wins the election, Raft commits it, otherwise it is gone, and the client cannot tell which.',
      },
    },
    {
      id: 'snapshot',
      title: 'etcdctl snapshot save',
      narration:
        'A snapshot is a point-in-time copy of a member’s database, the backup that matters in a cluster. To recover, stop every API server, run etcdutl snapshot restore from the same file into a fresh data directory on each node (new cluster and member IDs) and start etcd on it: the “etcd: restoring a snapshot” walkthrough does it step by step.',
      highlight: ['etcd@control-plane-1', 'etcdctl'],
      docs: {
        title: 'Operating etcd clusters: backing up an etcd cluster',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#backing-up-an-etcd-cluster',
      },
      actions: [
        {
          kubectl: etcdctl('control-plane-1', 'snapshot save /var/lib/etcd/snapshot.db'),
          shown: etcdctl('control-plane-1', 'snapshot save /var/lib/etcd/snapshot.db'),
        },
        {
          kubectl: etcdctl('control-plane-1', 'snapshot status /var/lib/etcd/snapshot.db -w table'),
          shown: etcdctl('control-plane-1', 'snapshot status /var/lib/etcd/snapshot.db -w table'),
        },
      ],
      until: { from: 'etcd@control-plane-1', to: 'etcdctl', verb: 'Snapshot' },
    },
    {
      id: 'odd-sizes',
      title: 'Why odd sizes',
      narration:
        'A cluster of n members needs ⌊n/2⌋+1 for a quorum: 3 need 2 and survive 1 failure, 5 need 3 and survive 2. The notes’ example of 2 masters needs 2 of 2 and survives none: twice the machines that can fail, and no more tolerance than 1; a 4th member adds the same nothing to 3. Grow a cluster one member at a time, added as a non-voting learner (etcdctl member add --learner) and promoted once it has caught up, so it never counts toward a quorum it cannot yet help.',
      highlight: [ETCD],
      docs: {
        title: 'Operating etcd clusters: scaling out etcd clusters',
        url: 'https://kubernetes.io/docs/tasks/administer-cluster/configure-upgrade-etcd/#scaling-out-etcd-clusters',
      },
      actions: [
        {
          kubectl: etcdctl('control-plane-1', 'member list -w table'),
          shown: etcdctl('control-plane-1', 'member list -w table'),
        },
      ],
      until: { from: ETCD, to: 'etcdctl', verb: 'MemberList' },
      question: {
        prompt:
          'A cluster has 2 control-plane nodes with stacked etcd. How many may fail while writes go on?',
        choices: ['0', '1', '2'],
        // quorum of n members is floor(n/2)+1 (etcd FAQ); tolerance is n minus quorum
        answer: () => String(2 - (Math.floor(2 / 2) + 1)),
        explanation:
          'Two members need both for a majority, so losing either stops writes: a second member only doubles the chance of an outage.',
      },
    },
  ],
};
