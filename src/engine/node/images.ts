// The image catalog the simulated registries serve: realistic sizes (compressed linux/amd64
// bytes, as containerd reports `Image size`) and what a container of each image does.

/** How a container of an image behaves once started (see runtime-program.ts). */
export type ImageKind = 'server' | 'shell' | 'stress' | 'pause' | 'control-plane';

export interface CatalogImage {
  /** normalized repository, e.g. docker.io/library/nginx */
  repository: string;
  kind: ImageKind;
  /** compressed size in bytes */
  size: number;
  /** ports a server listens on */
  ports?: number[];
  /** HTTP paths a server answers 200 on (others 404); undefined: every path */
  httpPaths?: string[];
  /** named tags besides `latest` and version numbers (e.g. `alpine`, `stable`) */
  namedTags?: string[];
  /** env var the entrypoint requires, else it exits 1 (postgres' superuser password) */
  requiredEnv?: string;
}

// Sizes are close to the real images' compressed sizes on Docker Hub / registry.k8s.io.
const CATALOG: CatalogImage[] = [
  {
    repository: 'docker.io/library/nginx',
    kind: 'server',
    size: 72_099_410,
    ports: [80],
    httpPaths: ['/', '/index.html'],
    namedTags: ['alpine', 'stable', 'mainline'],
  },
  {
    repository: 'docker.io/library/httpd',
    kind: 'server',
    size: 58_064_862,
    ports: [80],
    httpPaths: ['/', '/index.html'],
    namedTags: ['alpine'],
  },
  { repository: 'docker.io/library/redis', kind: 'server', size: 45_116_232, ports: [6379] },
  {
    repository: 'docker.io/library/postgres',
    kind: 'server',
    size: 161_430_709,
    ports: [5432],
    requiredEnv: 'POSTGRES_PASSWORD',
  },
  { repository: 'docker.io/library/busybox', kind: 'shell', size: 2_222_260, namedTags: ['musl'] },
  { repository: 'docker.io/library/alpine', kind: 'shell', size: 3_645_125 },
  { repository: 'docker.io/library/ubuntu', kind: 'shell', size: 29_754_290 },
  {
    repository: 'docker.io/library/debian',
    kind: 'shell',
    size: 48_494_272,
    namedTags: ['bookworm'],
  },
  { repository: 'docker.io/polinux/stress', kind: 'stress', size: 4_041_495 },
  {
    repository: 'registry.k8s.io/e2e-test-images/agnhost',
    kind: 'server',
    size: 51_190_245,
    ports: [8080],
  },
  { repository: 'registry.k8s.io/pause', kind: 'pause', size: 320_368 },
  {
    repository: 'registry.k8s.io/etcd',
    kind: 'control-plane',
    size: 57_680_541,
    ports: [2379, 2380, 2381],
  },
  {
    repository: 'registry.k8s.io/kube-apiserver',
    kind: 'control-plane',
    size: 28_671_624,
    ports: [6443],
  },
  {
    repository: 'registry.k8s.io/kube-controller-manager',
    kind: 'control-plane',
    size: 26_259_392,
    ports: [10257],
  },
  {
    repository: 'registry.k8s.io/kube-scheduler',
    kind: 'control-plane',
    size: 20_657_902,
    ports: [10259],
  },
  { repository: 'registry.k8s.io/kube-proxy', kind: 'control-plane', size: 30_908_135 },
  {
    repository: 'registry.k8s.io/coredns/coredns',
    kind: 'server',
    size: 18_562_039,
    ports: [53, 8080, 8181],
  },
];

// Registries the simulated node can resolve; any other host fails DNS, as a typo would.
const KNOWN_REGISTRIES = new Set([
  'docker.io',
  'registry.k8s.io',
  'ghcr.io',
  'quay.io',
  'gcr.io',
  'mcr.microsoft.com',
  'public.ecr.aws',
]);

/** The sandbox image kubelet v1.32 / kubeadm use (--pod-infra-container-image). */
export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10';

/** An image reference split as distribution/reference normalizes it. */
export interface ImageReference {
  /** what the pod spec says, e.g. `nginx` */
  original: string;
  domain: string;
  /** path within the registry, e.g. library/nginx */
  path: string;
  tag: string;
  /** fully qualified: docker.io/library/nginx:latest */
  normalized: string;
  repository: string;
}

/** ParseNormalizedNamed + default tag: `nginx` → docker.io/library/nginx:latest. */
export function parseImageReference(image: string): ImageReference | undefined {
  if (!/^[a-z0-9]([a-z0-9._:/@-]*[a-z0-9])?$/i.test(image) || /[A-Z]/.test(image.split(':')[0])) {
    return undefined;
  }
  const at = image.indexOf('@');
  const withoutDigest = at >= 0 ? image.slice(0, at) : image;
  const slash = withoutDigest.indexOf('/');
  let domain = 'docker.io';
  let rest = withoutDigest;
  if (slash >= 0) {
    const first = withoutDigest.slice(0, slash);
    if (first.includes('.') || first.includes(':') || first === 'localhost') {
      domain = first;
      rest = withoutDigest.slice(slash + 1);
    }
  }
  const colon = rest.lastIndexOf(':');
  const path0 = colon >= 0 ? rest.slice(0, colon) : rest;
  const tag = colon >= 0 ? rest.slice(colon + 1) : 'latest';
  const path = domain === 'docker.io' && !path0.includes('/') ? `library/${path0}` : path0;
  const repository = `${domain}/${path}`;
  return {
    original: image,
    domain,
    path,
    tag,
    normalized: `${repository}:${tag}`,
    repository,
  };
}

/** The catalog entry an image resolves to, or the registry's error. */
export type Resolution =
  | { ok: true; image: CatalogImage; generic: boolean }
  | { ok: false; code: 'NotFound' | 'Unknown'; error: string };

/**
 * What the registry answers for a reference: a catalog image, a generic long-running image for
 * plausible unknown names (a user's own repository), or containerd's resolve error.
 */
export function resolveImage(ref: ImageReference): Resolution {
  const known = CATALOG.find((c) => c.repository === ref.repository);
  const quoted = `"${ref.normalized}"`;
  if (!KNOWN_REGISTRIES.has(ref.domain)) {
    // containerd's resolver: the registry host does not resolve (remotes/docker/resolver.go)
    return {
      ok: false,
      code: 'Unknown',
      error: `failed to pull and unpack image ${quoted}: failed to resolve reference ${quoted}: failed to do request: Head "https://${ref.domain}/v2/${ref.path}/manifests/${ref.tag}": dial tcp: lookup ${ref.domain}: no such host`,
    };
  }
  if (known) {
    if (!tagExists(known, ref.tag)) {
      return {
        ok: false,
        code: 'NotFound',
        error: `failed to pull and unpack image ${quoted}: failed to resolve reference ${quoted}: ${ref.normalized}: not found`,
      };
    }
    return { ok: true, image: known, generic: false };
  }
  if (ref.domain === 'docker.io' && ref.path.startsWith('library/')) {
    // An official-image name Docker Hub does not have (a typo such as `nginxx`).
    return {
      ok: false,
      code: 'Unknown',
      error: `failed to pull and unpack image ${quoted}: failed to resolve reference ${quoted}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`,
    };
  }
  return {
    ok: true,
    generic: true,
    image: { repository: ref.repository, kind: 'server', size: genericSize(ref.repository) },
  };
}

function tagExists(image: CatalogImage, tag: string): boolean {
  const base = tag.replace(/-(alpine|slim|bookworm|bullseye|musl|glibc|uclibc)$/, '');
  return (
    base === 'latest' ||
    /^v?\d+(\.\d+)*(-\d+)?$/.test(base) ||
    (image.namedTags ?? []).includes(base) ||
    (image.namedTags ?? []).includes(tag)
  );
}

// A plausible size for an image the catalog does not know: 20–120 MB, fixed per name.
function genericSize(name: string): number {
  return 20_000_000 + (fnv1a(name) % 100_000_000);
}

/** A synthetic but stable sha256 digest for an image or id (64 hex characters). */
export function syntheticDigest(seed: string): string {
  let out = '';
  for (let i = 0; out.length < 64; i++) out += fnv1a(`${seed}#${i}`).toString(16).padStart(8, '0');
  return out.slice(0, 64);
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** The images a kubeadm node has before any pod runs (kubeadm config images pull). */
export function preloadedImages(controlPlane: boolean): string[] {
  const common = [PAUSE_IMAGE, 'registry.k8s.io/kube-proxy:v1.32.3'];
  if (!controlPlane) return common;
  return [
    ...common,
    'registry.k8s.io/etcd:3.5.16-0',
    'registry.k8s.io/kube-apiserver:v1.32.3',
    'registry.k8s.io/kube-controller-manager:v1.32.3',
    'registry.k8s.io/kube-scheduler:v1.32.3',
    'registry.k8s.io/coredns/coredns:v1.11.3',
  ];
}

/** The catalog, for the README and the UI. */
export function imageCatalog(): readonly CatalogImage[] {
  return CATALOG;
}
