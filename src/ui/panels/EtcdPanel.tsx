import type { RegistryNode } from '../../engine/view';
import { etcdMemberState, registryTree } from '../../engine/view';
import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

function KeyTree({ node }: { node: RegistryNode }) {
  if (node.children.length === 0) return <li className="mono">{node.name}</li>;
  return (
    <li>
      <details>
        <summary>
          <span className="mono">{node.name}/</span> <span className="muted">({node.count})</span>
        </summary>
        <ul>
          {node.children.map((child) => (
            <KeyTree key={child.path} node={child} />
          ))}
        </ul>
      </details>
    </li>
  );
}

/** An etcd member: its Raft role, term, commit and applied index, and the keys it stores. */
export function EtcdPanel({ id }: { id: string }) {
  const state = useLiveRead((c) => etcdMemberState(c, id), [id]);
  const tree = useLiveRead((c) => registryTree(c, id), [id]);
  if (!state) return <p className="muted">No etcd member {id}.</p>;
  return (
    <>
      <Section title="Raft">
        <Facts
          rows={[
            ['Process', <UpState key="up" up={state.up} />],
            [
              'Role',
              <span key="role">
                {state.role === 'leader' && <span aria-hidden="true">★ </span>}
                {state.role}
              </span>,
            ],
            ['Term', state.term],
            ['Voted for', state.vote ?? 'nobody'],
            ['Leader', state.leader ?? 'none known'],
            ['Commit index', state.commitIndex],
            ['Applied index', state.appliedIndex],
            ['Revision', state.revision],
          ]}
        />
      </Section>
      <Section title={`Keys under /registry (${tree.count})`}>
        <ul className="key-tree" aria-label="Keys under /registry">
          {tree.children.map((child) => (
            <KeyTree key={child.path} node={child} />
          ))}
        </ul>
      </Section>
    </>
  );
}
