// The authorization.k8s.io/v1 access reviews (pkg/registry/authorization/selfsubjectaccessreview,
// subjectaccessreview, localsubjectaccessreview rest.go): a create that is never stored; the
// apiserver asks its own authorizer chain the question and answers with the object plus status.
import { newBadRequest, newInvalid } from '../../api/errors';
import type { FieldError } from '../../api/field';
import { fieldPath, invalid } from '../../api/field';
import type { KubeObject, UserInfo } from '../../api/types';
import type { AuthorizationAttributes } from '../auth/attributes';
import { authorize } from '../auth/authorize';
import type { KubeApiServer } from '../apiserver';
import type { RequestContext } from '../context';
import { jsonResponse } from '../context';
import { decodeObject } from './body';
import { serveSelfSubjectRulesReview } from './rules-review';

/** authorization/v1 ResourceAttributes. */
export interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

/** authorization/v1 NonResourceAttributes. */
export interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

/** The spec of all three access reviews (the self one has no user fields). */
export interface AccessReviewSpec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
  user?: string;
  groups?: string[];
  uid?: string;
}

/** authorization/v1 SubjectAccessReviewStatus, omitempty fields left out when empty. */
export interface AccessReviewStatus {
  allowed: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

// The create handler decodes into the internal type, whose TypeMeta conversion leaves empty, so
// rest.go's authorizationapi.Kind(obj.Kind) names the group only: `.authorization.k8s.io`.
const REVIEW_GROUP_KIND = { group: 'authorization.k8s.io', kind: '' };

// pkg/apis/authorization/validation/validation.go ValidateSubjectAccessReviewSpec
function validateSpec(spec: AccessReviewSpec, self: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const path = fieldPath('spec');
  const resource = spec.resourceAttributes ?? undefined;
  const nonResource = spec.nonResourceAttributes ?? undefined;
  if (resource && nonResource) {
    errs.push(
      invalid(
        path.child('nonResourceAttributes'),
        nonResource,
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  }
  if (!resource && !nonResource) {
    errs.push(
      invalid(
        path.child('resourceAttributes'),
        // field.Error prints a nil pointer as the string "null"
        'null',
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  }
  if (!self && !spec.user && !(spec.groups ?? []).length) {
    errs.push(
      invalid(
        path.child('user'),
        spec.user ?? '',
        'at least one of user or group must be specified',
      ),
    );
  }
  return errs;
}

// validation.go: metadata must be empty (LocalSubjectAccessReview: except for namespace)
function metadataIsEmpty(meta: KubeObject['metadata'], allowNamespace: boolean): boolean {
  return Object.entries(meta).every(
    ([key, value]) =>
      value === undefined ||
      value === null ||
      key === 'managedFields' ||
      (key === 'namespace' && allowNamespace),
  );
}

/**
 * The authorizer attributes a review asks about (pkg/registry/authorization/util/helpers.go
 * ResourceAttributesFrom / NonResourceAttributesFrom); an empty version matches all (`*`).
 */
export function reviewAttributes(user: UserInfo, spec: AccessReviewSpec): AuthorizationAttributes {
  const nonResource = spec.nonResourceAttributes;
  if (!spec.resourceAttributes && nonResource) {
    return {
      user,
      verb: nonResource.verb ?? '',
      resourceRequest: false,
      path: nonResource.path ?? '',
    };
  }
  const r = spec.resourceAttributes ?? {};
  return {
    user,
    verb: r.verb ?? '',
    resourceRequest: true,
    apiGroup: r.group ?? '',
    apiVersion: r.version || '*',
    resource: r.resource ?? '',
    subresource: r.subresource ?? '',
    namespace: r.namespace ?? '',
    name: r.name ?? '',
  };
}

/** The status the authorizer's decision becomes (rest.go: Allowed, Denied, Reason). */
export function reviewStatus(
  attrs: AuthorizationAttributes,
  server: KubeApiServer,
): AccessReviewStatus {
  const { decision, reason } = authorize(attrs, server.reader);
  const status: AccessReviewStatus = { allowed: decision === 'Allow' };
  if (decision === 'Deny') status.denied = true;
  if (reason) status.reason = reason;
  return status;
}

/** POST to one of the authorization.k8s.io/v1 review resources: answered, never stored. */
export function serveAccessReview(server: KubeApiServer, ctx: RequestContext): void {
  const kind = ctx.resource.kind;
  if (kind === 'SelfSubjectRulesReview') return serveSelfSubjectRulesReview(server, ctx);
  const review = decodeObject(ctx, ctx.resource);
  const spec = (review.spec ?? {}) as AccessReviewSpec;
  const local = kind === 'LocalSubjectAccessReview';
  if (local) {
    // rest.EnsureObjectNamespaceMatchesRequestNamespace, before the storage's Create
    const ns = review.metadata.namespace;
    if (ns && ns !== ctx.info.namespace) {
      throw newBadRequest(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    }
    review.metadata.namespace = ctx.info.namespace;
  }
  const self = kind === 'SelfSubjectAccessReview';
  const errs = validateSpec(spec, self);
  if (!metadataIsEmpty(review.metadata, local)) {
    const detail = local ? 'must be empty except for namespace' : 'must be empty';
    errs.push(invalid(fieldPath('metadata'), review.metadata, detail));
  }
  if (local) {
    const specNamespace = spec.resourceAttributes?.namespace ?? '';
    if (spec.resourceAttributes && specNamespace !== review.metadata.namespace) {
      errs.push(
        invalid(
          fieldPath('spec', 'resourceAttributes', 'namespace'),
          specNamespace,
          'must match metadata.namespace',
        ),
      );
    }
    if (spec.nonResourceAttributes) {
      errs.push(
        invalid(
          fieldPath('spec', 'nonResourceAttributes'),
          spec.nonResourceAttributes,
          'disallowed on this kind of request',
        ),
      );
    }
  }
  if (errs.length > 0) throw newInvalid(REVIEW_GROUP_KIND, '', errs);
  // SelfSubjectAccessReview asks about the requester; the others about spec.user/groups
  const user: UserInfo = self
    ? ctx.user
    : {
        username: spec.user ?? '',
        groups: [...(spec.groups ?? [])],
        ...(spec.uid ? { uid: spec.uid } : {}),
      };
  const status = reviewStatus(reviewAttributes(user, spec), server);
  ctx.stages.push({
    name: 'access review',
    ok: true,
    detail: status.allowed ? `allowed${status.reason ? `: ${status.reason}` : ''}` : 'not allowed',
  });
  ctx.reply(
    jsonResponse(201, {
      kind,
      apiVersion: review.apiVersion,
      metadata: { ...review.metadata, creationTimestamp: null },
      spec,
      status,
    }),
  );
}
