// The kubelet's image manager (pkg/kubelet/images/image_manager.go): honour imagePullPolicy,
// back off failed pulls per pod and image, pull one image at a time (serializeImagePulls
// defaults to true), and report Pulling / Pulled / Failed / BackOff events.
import type { Container } from 'kubernetes-types/core/v1';
import type { KubeObject } from '../api/types';
import { goDuration } from './backoff';
import type { Backoff } from './backoff';
import { parseImageReference } from './images';
import type { CriReply, ImageInfo } from './runtime-types';
import { criErrorMessage } from './runtime-types';

export type EnsureResult =
  { ok: true; imageRef: string; imageID: string } | { ok: false; reason: string; message: string };

export interface ImageManagerContext {
  now(): number;
  cri<T>(
    verb: string,
    pod: KubeObject,
    payload: unknown,
    trace: string | undefined,
    done: (r: CriReply<T>) => void,
  ): void;
  event(
    pod: KubeObject,
    type: 'Normal' | 'Warning',
    reason: string,
    message: string,
    trace: string | undefined,
    fieldPath: string,
  ): void;
  backoff: Backoff;
}

interface QueuedPull {
  run(): void;
}

/** EnsureImageExists for every pod worker of one kubelet. */
export class ImageManager {
  private readonly queue: QueuedPull[] = [];
  private pulling = false;

  constructor(private readonly ctx: ImageManagerContext) {}

  ensureImageExists(
    pod: KubeObject,
    container: Container,
    fieldPath: string,
    trace: string | undefined,
    done: (r: EnsureResult) => void,
  ): void {
    const image = container.image ?? '';
    const ref = parseImageReference(image);
    const event = (type: 'Normal' | 'Warning', reason: string, message: string) =>
      this.ctx.event(pod, type, reason, message, trace, fieldPath);
    if (!ref) {
      const message = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format`;
      event('Warning', 'InspectFailed', message);
      return done({ ok: false, reason: 'InvalidImageName', message });
    }
    this.ctx.cri<{ image: ImageInfo | null }>('ImageStatus', pod, { image }, trace, (status) => {
      const present = status.ok ? status.result.image : null;
      const policy =
        container.imagePullPolicy ?? (ref.tag === 'latest' ? 'Always' : 'IfNotPresent');
      if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
        if (present) {
          event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
          return done({
            ok: true,
            imageRef: present.id,
            imageID: present.repoDigests[0] ?? present.id,
          });
        }
        const message = `Container image "${image}" is not present with pull policy of Never`;
        event('Warning', 'ErrImageNeverPull', message);
        return done({ ok: false, reason: 'ErrImageNeverPull', message });
      }
      const key = `${pod.metadata.uid}_${image}`;
      if (this.ctx.backoff.isInBackOffSinceUpdate(key, this.ctx.now())) {
        const message = `Back-off pulling image "${image}"`;
        event('Normal', 'BackOff', message);
        return done({ ok: false, reason: 'ImagePullBackOff', message });
      }
      event('Normal', 'Pulling', `Pulling image "${image}"`);
      const queuedAt = this.ctx.now();
      this.enqueue(() => {
        const startedAt = this.ctx.now();
        this.ctx.cri<{ imageRef: string; imageID: string; size: number }>(
          'PullImage',
          pod,
          { image },
          trace,
          (res) => {
            this.pullDone();
            if (!res.ok) {
              const err = criErrorMessage(res.error);
              event('Warning', 'Failed', `Failed to pull image "${image}": ${err}`);
              this.ctx.backoff.next(key, this.ctx.now());
              return done({ ok: false, reason: 'ErrImagePull', message: err });
            }
            const took = goDuration(this.ctx.now() - startedAt);
            const waited = goDuration(this.ctx.now() - queuedAt);
            event(
              'Normal',
              'Pulled',
              `Successfully pulled image "${image}" in ${took} (${waited} including waiting). Image size: ${res.result.size} bytes.`,
            );
            done({ ok: true, imageRef: res.result.imageRef, imageID: res.result.imageID });
          },
        );
      });
    });
  }

  /** How long until a pod's image may be pulled again. */
  backoffRemaining(pod: KubeObject, container: Container): number {
    return this.ctx.backoff.remainingSinceUpdate(`${pod.metadata.uid}_${container.image ?? ''}`);
  }

  private enqueue(run: () => void): void {
    this.queue.push({ run });
    if (!this.pulling) this.pullNext();
  }

  private pullNext(): void {
    const next = this.queue.shift();
    this.pulling = next !== undefined;
    next?.run();
  }

  private pullDone(): void {
    this.pullNext();
  }
}
