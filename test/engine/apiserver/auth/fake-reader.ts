// An in-memory stand-in for the apiserver cache, keyed like the registry (plural resource names).
import type { KubeObject, ObjectReader } from '../../../../src/engine/api/types';

const irregular: Record<string, string> = {
  PriorityClass: 'priorityclasses',
  Endpoints: 'endpoints',
};

export function resourceOf(kind: string): string {
  return irregular[kind] ?? `${kind.toLowerCase()}s`;
}

/** A reader over the given objects; `add` appends more (as later writes would). */
export function fakeReader(objects: readonly KubeObject[] = []): ObjectReader & {
  add(...more: KubeObject[]): void;
} {
  const all = [...objects];
  return {
    add: (...more) => all.push(...more),
    get: (resource, namespace, name) =>
      all.find(
        (o) =>
          resourceOf(o.kind) === resource &&
          (o.metadata.namespace ?? undefined) === (namespace || undefined) &&
          o.metadata.name === name,
      ),
    list: (resource, namespace) =>
      all.filter(
        (o) =>
          resourceOf(o.kind) === resource &&
          (namespace === undefined || o.metadata.namespace === namespace),
      ),
  };
}
