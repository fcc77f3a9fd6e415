import type { CycleState, Handle, ScorePlugin } from '../framework/interface';
import { MAX_NODE_SCORE } from '../framework/interface';
import type { NodeInfo } from '../framework/node-info';
import type { PodInfo } from '../framework/pod-info';
import * as names from './names';

// imagelocality/image_locality.go: scores between 23 MB and 1000 MB per container.
const MB = 1024 * 1024;
const MIN_THRESHOLD = 23 * MB;
const MAX_CONTAINER_THRESHOLD = 1000 * MB;

/** image_locality.go normalizedImageName: an image without a tag means `:latest`. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

/** calculatePriority: the clamped image-size sum mapped linearly onto 0..100. */
export function calculatePriority(sumScores: number, numContainers: number): number {
  const maxThreshold = MAX_CONTAINER_THRESHOLD * numContainers;
  if (sumScores < MIN_THRESHOLD) sumScores = MIN_THRESHOLD;
  else if (sumScores > maxThreshold) sumScores = maxThreshold;
  return Math.trunc(
    (MAX_NODE_SCORE * (sumScores - MIN_THRESHOLD)) / (maxThreshold - MIN_THRESHOLD),
  );
}

/** ImageLocality: prefers nodes that already have the pod's images, weighted by their spread. */
export class ImageLocalityPlugin implements ScorePlugin {
  readonly name = names.ImageLocality;

  constructor(private readonly handle?: Pick<Handle, 'nodeInfos' | 'nodeCounts'>) {}

  score(_state: CycleState, pod: PodInfo, node: NodeInfo): number {
    return this.scoreWith(containerImages(pod), this.handle?.nodeInfos().length ?? 1, node);
  }

  scoreNodes(
    _state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
    count: number,
    out: Float64Array,
    offset: number,
  ): boolean | void {
    if (this.handle?.nodeCounts?.().withImages === 0) {
      // no node has images: every node scores what a node without them does
      out[offset] = calculatePriority(0, pod.numContainers);
      return true;
    }
    const images = containerImages(pod);
    // a node without images scores the same as every other such node
    const noImages = calculatePriority(0, images.length);
    const totalNodes = this.handle?.nodeInfos().length ?? 1;
    for (let i = 0; i < count; i++) {
      const node = nodes[i];
      out[offset + i] =
        node.images.size === 0 ? noImages : this.scoreWith(images, totalNodes, node);
    }
  }

  private scoreWith(images: readonly string[], totalNodes: number, node: NodeInfo): number {
    let sum = 0;
    if (node.images.size > 0) {
      for (const image of images) {
        const state = node.images.get(image);
        // scaledImageScore: size × the share of nodes that have the image
        if (state) sum += Math.trunc((state.size * state.numNodes) / totalNodes);
      }
    }
    return calculatePriority(sum, images.length);
  }
}

// A pod's images are fixed with the pod: worked out once per PodInfo, not once per cycle.
const imagesOf = new WeakMap<PodInfo, readonly string[]>();

/** The normalized image of every init and regular container, in that order. */
function containerImages(pod: PodInfo): readonly string[] {
  let images = imagesOf.get(pod);
  if (!images) imagesOf.set(pod, (images = listImages(pod)));
  return images;
}

function listImages(pod: PodInfo): string[] {
  const out: string[] = [];
  for (const c of pod.spec.initContainers ?? []) out.push(normalizedImageName(c.image ?? ''));
  for (const c of pod.spec.containers ?? []) out.push(normalizedImageName(c.image ?? ''));
  return out;
}
