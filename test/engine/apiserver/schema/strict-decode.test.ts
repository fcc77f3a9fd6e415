import { describe, expect, it } from 'vitest';

import { strictDecode } from '../../../../src/engine/apiserver/schema/strict-decode';

// Messages as encoding/json's UnmarshalTypeError and sigs.k8s.io/json's strict errors word them
// (the struct is the innermost Go struct, the field the JSON path without indices).
const typeCases: [name: string, root: string, body: unknown, error: string][] = [
  [
    'a string for the labels map',
    'ConfigMap',
    { metadata: { labels: 'app=web' } },
    'json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string',
  ],
  [
    'a number as a label value',
    'ConfigMap',
    { metadata: { labels: { app: 1 } } },
    'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string',
  ],
  [
    'a string for replicas',
    'Deployment',
    { spec: { replicas: 'three' } },
    'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'a fraction for replicas',
    'Deployment',
    { spec: { replicas: 1.5 } },
    'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'replicas past int32',
    'Deployment',
    { spec: { replicas: 2147483648 } },
    'json: cannot unmarshal number 2147483648 into Go struct field DeploymentSpec.spec.replicas of type int32',
  ],
  [
    'a string for the spec',
    'Deployment',
    { spec: 'big' },
    'json: cannot unmarshal string into Go struct field Deployment.spec of type v1.DeploymentSpec',
  ],
  [
    'an object for the containers list',
    'Pod',
    { spec: { containers: { name: 'c' } } },
    'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
  ],
  [
    'a number for an image, two levels down a list',
    'Deployment',
    { spec: { template: { spec: { containers: [{ name: 'c', image: 7 }] } } } },
    'json: cannot unmarshal number into Go struct field Container.spec.template.spec.containers.image of type string',
  ],
  [
    'a number as a restart policy',
    'Pod',
    { spec: { restartPolicy: 1 } },
    'json: cannot unmarshal number into Go struct field PodSpec.spec.restartPolicy of type v1.RestartPolicy',
  ],
  [
    'a string for a bool',
    'Pod',
    { spec: { hostNetwork: 'yes' } },
    'json: cannot unmarshal string into Go struct field PodSpec.spec.hostNetwork of type bool',
  ],
  [
    'an array as a generation',
    'ConfigMap',
    { metadata: { generation: [1] } },
    'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.generation of type int64',
  ],
  [
    'a bool as a target port (IntOrString reads it as an int32)',
    'Service',
    { spec: { ports: [{ port: 80, targetPort: true }] } },
    'json: cannot unmarshal bool into Go struct field ServicePort.spec.ports.targetPort of type int32',
  ],
  [
    'a CPU request that is not a quantity',
    'Pod',
    { spec: { containers: [{ name: 'c', resources: { requests: { cpu: 'lots' } } }] } },
    "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
  ],
  [
    'a memory limit with an unknown suffix',
    'Pod',
    { spec: { containers: [{ name: 'c', resources: { limits: { memory: '1mi' } } }] } },
    "unable to parse quantity's suffix",
  ],
  [
    'a finalizer that is a number',
    'Namespace',
    { spec: { finalizers: [1] } },
    'json: cannot unmarshal number into Go struct field NamespaceSpec.spec.finalizers of type v1.FinalizerName',
  ],
  [
    'secret data that is not base64',
    'Secret',
    { data: { a: 'not base64!' } },
    'illegal base64 data at input byte 3',
  ],
  [
    'a creation timestamp that is a number',
    'ConfigMap',
    { metadata: { creationTimestamp: 5 } },
    'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
  ],
];

describe('strict decoding', () => {
  it.each(typeCases)('rejects %s with the decoder message', (_name, root, body, error) => {
    expect(strictDecode(root, structuredClone(body) as Record<string, unknown>, false).error).toBe(
      error,
    );
  });

  it('reports the first wrong type in document order, as encoding/json saves only the first', () => {
    const r = strictDecode('Deployment', { spec: { replicas: 'x', paused: 'y' } }, false);
    expect(r.error).toBe(
      'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });

  it('lets an Unmarshaler error end decoding ahead of an earlier saved type error', () => {
    const r = strictDecode(
      'Service',
      { spec: { ports: [{ port: '80', targetPort: 1.5 }] } },
      false,
    );
    expect(r.error).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field ServicePort.spec.ports.targetPort of type int32',
    );
  });

  it('accepts nulls, numeric quantities, string and integer target ports', () => {
    const body = {
      metadata: { labels: null },
      spec: {
        ports: [
          { port: 80, targetPort: 'http' },
          { port: 81, targetPort: 8081 },
        ],
        selector: { app: 'web' },
      },
    };
    expect(strictDecode('Service', body, false)).toEqual({ strict: [] });
    const pod = { spec: { containers: [{ name: 'c', resources: { requests: { cpu: 0.5 } } }] } };
    expect(strictDecode('Pod', pod, false)).toEqual({ strict: [] });
  });

  it('names every unknown field with its path and list indices, in document order', () => {
    const body = {
      metadata: { name: 'x', labelz: {} },
      spec: {
        replica: 2,
        template: { spec: { containers: [{ name: 'a' }, { name: 'b', imagePullPolicyy: 'x' }] } },
      },
      Status: {},
    };
    expect(strictDecode('Deployment', body, false).strict).toEqual([
      'unknown field "metadata.labelz"',
      'unknown field "spec.replica"',
      'unknown field "spec.template.spec.containers[1].imagePullPolicyy"',
      'unknown field "Status"',
    ]);
  });

  it('drops unknown fields from the object when asked to prune, and keeps the rest', () => {
    const body = { metadata: { name: 'x', extra: 1 }, data: { a: 'b' }, bogus: true };
    strictDecode('ConfigMap', body, true);
    expect(body).toEqual({ metadata: { name: 'x' }, data: { a: 'b' } });
  });

  it('leaves unknown fields in place without prune', () => {
    const body = { metadata: { name: 'x' }, bogus: true };
    strictDecode('ConfigMap', body, false);
    expect(body).toEqual({ metadata: { name: 'x' }, bogus: true });
  });
});
