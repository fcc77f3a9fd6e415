import type { MvccEvent, ResponseOp } from './mvcc/types';
import type { RaftMessage } from './raft/types';

function entries(n: number): string {
  return n === 1 ? '1 entry' : `${n} entries`;
}

/** The one-line hop summary of a Raft message, e.g. `append 1 entry (index 42, term 3)`. */
export function raftSummary(m: RaftMessage): string {
  switch (m.type) {
    case 'MsgApp': {
      const ents = m.entries ?? [];
      if (ents.length === 0) return `commit index ${m.commit} (term ${m.term})`;
      const first = ents[0].index;
      const last = ents[ents.length - 1].index;
      const at = first === last ? `index ${first}` : `index ${first}-${last}`;
      const traces = [...new Set(ents.map((e) => e.trace).filter((t) => t !== undefined))];
      const list = traces.length > 1 ? ` [${traces.join(', ')}]` : '';
      return `append ${entries(ents.length)} (${at}, term ${m.term})${list}`;
    }
    case 'MsgAppResp':
      return m.reject
        ? `reject index ${m.index} (hint ${m.rejectHint}, term ${m.term})`
        : `ack index ${m.index ?? 0} (term ${m.term})`;
    case 'MsgVote':
    case 'MsgPreVote':
      return `${m.type === 'MsgPreVote' ? 'pre-vote' : 'vote'} for me, term ${m.term} (last log ${m.index}/${m.logTerm})`;
    case 'MsgVoteResp':
    case 'MsgPreVoteResp':
      return `${m.type === 'MsgPreVoteResp' ? 'pre-vote' : 'vote'} ${m.reject ? 'rejected' : 'granted'} (term ${m.term})`;
    case 'MsgHeartbeat':
      return `heartbeat (commit ${m.commit}, term ${m.term})${m.context ? ' confirming read' : ''}`;
    case 'MsgHeartbeatResp':
      return `heartbeat ack (term ${m.term})`;
    case 'MsgProp':
      return `forward proposal of ${entries(m.entries?.length ?? 0)} to leader`;
    case 'MsgSnap':
      return `install snapshot (index ${m.snapshot?.index}, term ${m.snapshot?.term})`;
    case 'MsgReadIndex':
      return 'read index request to leader';
    case 'MsgReadIndexResp':
      return `read index ${m.index}`;
  }
}

export function txnSummary(succeeded: boolean, revision: number): string {
  return `txn ${succeeded ? 'succeeded' : 'failed'}, revision ${revision}`;
}

export function responseOpsSummary(ops: readonly ResponseOp[]): string {
  return ops.map((op) => Object.keys(op)[0]).join(', ');
}

/** `PUT /registry/pods/default/x` for one event, `3 events` for several. */
export function eventsSummary(events: readonly MvccEvent[], revision: number): string {
  if (events.length === 1) return `${events[0].type} ${events[0].kv.key} (revision ${revision})`;
  return `${events.length} events (revision ${revision})`;
}
