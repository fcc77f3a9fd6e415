// The tag of a container image reference, as kubernetes pkg/util/parsers.ParseImageName reads it.

/**
 * The image tag: `nginx:1.25` → `1.25`, `nginx` → `latest` (the default tag), a digest-only
 * reference → ''. Unparseable references (empty, upper-case repository) give ''.
 */
export function imageTag(image: string): string {
  if (image === '' || /\s/.test(image)) return '';
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = named.lastIndexOf('/');
  const colon = named.indexOf(':', lastSlash + 1);
  const repository = colon >= 0 ? named.slice(0, colon) : named;
  // distribution/reference: the path (after an optional registry host) must be lower case
  const path =
    repository.includes('/') && /[.:]|^localhost$/.test(repository.split('/')[0])
      ? repository.slice(repository.indexOf('/') + 1)
      : repository;
  if (path === '' || /[A-Z]/.test(path)) return '';
  if (colon >= 0) return named.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}
