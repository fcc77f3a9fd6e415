// describe.go ConfigMapDescriber and SecretDescriber: the keys of the data, values of a
// ConfigMap, sizes of a Secret. Go prints them in map order; here they are sorted.
import type { ConfigMap, Secret } from 'kubernetes-types/core/v1';
import type { DescribeContext } from './context';
import type { EventLike } from './events';
import { describeEvents, searchEvents } from './events';
import { printAnnotationsMultiline, printLabelsMultiline } from './format';
import { LEVEL_0, tabbedString } from './prefix-writer';

/** describe.go ConfigMapDescriber's text. */
export function describeConfigMap(
  cm: ConfigMap,
  events: EventLike[] | undefined,
  now: number,
): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${cm.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${cm.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', cm.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', cm.metadata?.annotations);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of Object.keys(cm.data ?? {}).sort()) {
      w.write(LEVEL_0, `${k}:\n----\n`);
      w.write(LEVEL_0, `${cm.data![k]}\n`);
      w.write(LEVEL_0, '\n');
    }
    w.write(LEVEL_0, '\nBinaryData\n====\n');
    for (const k of Object.keys(cm.binaryData ?? {}).sort()) {
      // the JSON carries base64; the describer counts the decoded bytes
      w.write(LEVEL_0, `${k}: ${base64Length(cm.binaryData![k])} bytes\n`);
    }
    w.write(LEVEL_0, '\n');
    if (events) describeEvents(w, events, now);
  });
}

function base64Length(b64: string): number {
  const clean = b64.replace(/\s/g, '');
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** describe.go describeSecret: sizes only, except a service account token's value. */
export function describeSecret(secret: Secret): string {
  return tabbedString((w) => {
    w.write(LEVEL_0, `Name:\t${secret.metadata?.name ?? ''}\n`);
    w.write(LEVEL_0, `Namespace:\t${secret.metadata?.namespace ?? ''}\n`);
    printLabelsMultiline(w, 'Labels', secret.metadata?.labels);
    printAnnotationsMultiline(w, 'Annotations', secret.metadata?.annotations);
    w.write(LEVEL_0, `\nType:\t${secret.type ?? ''}\n`);
    w.write(LEVEL_0, '\nData\n====\n');
    for (const k of Object.keys(secret.data ?? {}).sort()) {
      const value = secret.data![k];
      if (k === 'token' && secret.type === 'kubernetes.io/service-account-token')
        w.write(LEVEL_0, `${k}:\t${atob(value)}\n`);
      else w.write(LEVEL_0, `${k}:\t${base64Length(value)} bytes\n`);
    }
  });
}

/** ConfigMapDescriber.Describe. */
export function describeConfigMapByName(
  ctx: DescribeContext,
  namespace: string,
  name: string,
): string {
  const cm = ctx.client.send({
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/configmaps/${name}`,
  }) as ConfigMap;
  const events = ctx.showEvents
    ? searchEvents(ctx, { kind: 'ConfigMap', name, namespace, uid: cm.metadata?.uid })
    : undefined;
  return describeConfigMap(cm, events, ctx.now);
}

/** SecretDescriber.Describe (secrets have no Events section). */
export function describeSecretByName(
  ctx: DescribeContext,
  namespace: string,
  name: string,
): string {
  const secret = ctx.client.send({
    method: 'GET',
    path: `/api/v1/namespaces/${namespace}/secrets/${name}`,
  }) as Secret;
  return describeSecret(secret);
}
