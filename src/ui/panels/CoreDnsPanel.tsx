import { coreDnsState } from '../../engine/view';
import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

/** CoreDNS: whether it serves, and the Service records it answers from its cache. */
export function CoreDnsPanel({ id }: { id: string }) {
  const s = useLiveRead((c) => coreDnsState(c, id), [id]);
  if (!s) return <p className="muted">No CoreDNS {id}.</p>;
  return (
    <>
      <Section title="Server">
        <Facts
          rows={[
            ['Process', <UpState key="up" up={s.up} />],
            ['Ready', s.ready ? 'yes (kubernetes plugin synced)' : 'no'],
          ]}
        />
      </Section>
      <Section title={`Records (${s.records.length})`}>
        {s.records.length === 0 ? (
          <p className="muted">Not answering: lookups of Service names fail.</p>
        ) : (
          <table className="inspector-table" aria-label="DNS records">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Type</th>
                <th scope="col">Answer</th>
              </tr>
            </thead>
            <tbody>
              {s.records.map((r) => (
                <tr key={r.name}>
                  <th scope="row" className="mono">
                    {r.name}
                  </th>
                  <td>{r.type}</td>
                  <td className="mono">{r.values.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Section>
    </>
  );
}
