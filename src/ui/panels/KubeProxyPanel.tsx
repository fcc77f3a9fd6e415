import { Facts, Section, UpState } from './Section';
import { useLiveRead } from './useLiveRead';

/** kube-proxy: the node's rules as `iptables-save` prints them. */
export function KubeProxyPanel({ id, node }: { id: string; node: string }) {
  const { up, rules } = useLiveRead(
    (c) => ({
      up:
        c
          .components()
          .find((p) => p.id === id)
          ?.isUp() ?? false,
      rules: c.iptablesSave(node),
    }),
    [id, node],
  );
  return (
    <>
      <Section title="Process">
        <Facts rows={[['State', <UpState key="up" up={up} />]]} />
      </Section>
      <Section title="iptables-save">
        <pre className="code-block" tabIndex={0} aria-label={`iptables-save on ${node}`}>
          {rules}
        </pre>
      </Section>
    </>
  );
}
