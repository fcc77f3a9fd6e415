import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

/** kubectl, the load balancer, or a component with no panel of its own: whether it runs. */
export function OtherPanel({ id }: { id: string }) {
  const s = useLiveRead(
    (c) => {
      if (id === 'kubectl') return { up: true, text: `talks to https://${c.serverHost}:6443` };
      if (c.loadBalancer && id === c.loadBalancer.id)
        return {
          up: c.loadBalancer.isUp(),
          text: `in rotation: ${c.loadBalancer.inRotation().join(', ') || 'none'}`,
        };
      const p = c.components().find((x) => x.id === id);
      return { up: p?.isUp() ?? false, text: p ? `runs on ${p.host}` : 'not known to the engine' };
    },
    [id],
  );
  return (
    <Section title="State">
      <Facts
        rows={[
          ['Process', <UpState key="up" up={s.up} />],
          ['Detail', s.text],
        ]}
      />
    </Section>
  );
}
