// API errors as the apiserver returns them: a metav1.Status body carried by a StatusError.
// Constructors, messages, reasons, codes and details follow apimachinery pkg/api/errors/errors.go.
import { aggregateMessage, errorBody } from './field';
import type { FieldError } from './field';
import type { Status } from './types';

/** A group and a plural resource, e.g. `{ group: 'apps', resource: 'deployments' }`. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** A group and a kind, e.g. `{ group: 'apps', kind: 'Deployment' }`. */
export interface GroupKind {
  group: string;
  kind: string;
}

type Details = NonNullable<Status['details']>;

/** An error that is a Status: throw it anywhere in the pipeline, answer with `.status`. */
export class StatusError extends Error {
  readonly status: Status;

  constructor(status: Status) {
    super(status.message ?? '');
    this.name = 'StatusError';
    this.status = status;
  }

  get code(): number {
    return this.status.code;
  }

  get reason(): string | undefined {
    return this.status.reason;
  }
}

/** True if `e` is a StatusError (optionally with the given reason). */
export function isStatusError(e: unknown, reason?: string): e is StatusError {
  return e instanceof StatusError && (reason === undefined || e.status.reason === reason);
}

/** schema.GroupResource.String(): `pods`, `deployments.apps`. */
export function groupResourceString(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

/** schema.GroupKind.String(): `Pod`, `Deployment.apps`. */
export function groupKindString(gk: GroupKind): string {
  return gk.group === '' ? gk.kind : `${gk.kind}.${gk.group}`;
}

// Go omits empty details fields (omitempty), but keeps a non-nil empty details object.
function details(d: Details): Details {
  const out: Details = {};
  if (d.name) out.name = d.name;
  if (d.group) out.group = d.group;
  if (d.kind) out.kind = d.kind;
  if (d.uid) out.uid = d.uid;
  if (d.causes && d.causes.length > 0) out.causes = d.causes;
  if (d.retryAfterSeconds) out.retryAfterSeconds = d.retryAfterSeconds;
  return out;
}

function failure(code: number, reason: string, message: string, d?: Details): StatusError {
  // field order as metav1.Status serialises: ..., message, reason, details, code
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(d ? { details: details(d) } : {}),
    code,
  };
  return new StatusError(status);
}

const resourceDetails = (gr: GroupResource, name?: string): Details => ({
  group: gr.group,
  kind: gr.resource,
  name,
});

/**
 * A 500 with no reason: how the apiserver answers an error it does not interpret
 * (ErrorToAPIStatus), so kubectl prints `Error from server: etcdserver: request timed out`.
 */
export function newUnknownError(message: string): StatusError {
  const status: Status = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    code: 500,
  };
  return new StatusError(status);
}

/** 404 NotFound: `pods "x" not found`. */
export function newNotFound(gr: GroupResource, name: string): StatusError {
  const msg = `${groupResourceString(gr)} ${JSON.stringify(name)} not found`;
  return failure(404, 'NotFound', msg, resourceDetails(gr, name));
}

/** 409 AlreadyExists: `pods "x" already exists`. */
export function newAlreadyExists(gr: GroupResource, name: string): StatusError {
  const msg = `${groupResourceString(gr)} ${JSON.stringify(name)} already exists`;
  return failure(409, 'AlreadyExists', msg, resourceDetails(gr, name));
}

/** 409 AlreadyExists when generateName could not find a free name. */
export function newGenerateNameConflict(
  gr: GroupResource,
  name: string,
  retryAfterSeconds: number,
): StatusError {
  const msg = `${groupResourceString(gr)} ${JSON.stringify(name)} already exists, the server was not able to generate a unique name for the object`;
  return failure(409, 'AlreadyExists', msg, { ...resourceDetails(gr, name), retryAfterSeconds });
}

/** The message the storage layer uses on a resourceVersion mismatch (generic registry store.go). */
export const OPTIMISTIC_LOCK_ERROR_MSG =
  'the object has been modified; please apply your changes to the latest version and try again';

/**
 * 409 Conflict: `Operation cannot be fulfilled on pods "x": <err>`; err defaults to the
 * optimistic-lock message.
 */
export function newConflict(
  gr: GroupResource,
  name: string,
  err: string = OPTIMISTIC_LOCK_ERROR_MSG,
): StatusError {
  const msg = `Operation cannot be fulfilled on ${groupResourceString(gr)} ${JSON.stringify(name)}: ${err}`;
  return failure(409, 'Conflict', msg, resourceDetails(gr, name));
}

/** 422 Invalid: `Pod "x" is invalid: <aggregated field errors>` with one cause per field error. */
export function newInvalid(gk: GroupKind, name: string, errs: readonly FieldError[]): StatusError {
  const agg = aggregateMessage(errs);
  const base = `${groupKindString(gk)} ${JSON.stringify(name)} is invalid`;
  const causes = errs.map((e) => ({ reason: e.type, message: errorBody(e), field: e.field }));
  return failure(422, 'Invalid', agg === '' ? base : `${base}: ${agg}`, {
    group: gk.group,
    kind: gk.kind,
    name,
    causes,
  });
}

/**
 * The 422 for a failed validation. `kind` is a GroupKind (or a ResourceInfo, which has both), or
 * a bare kind string for the core group.
 *
 * @example invalidError('Pod', 'x', [required(fieldPath('spec', 'containers'))])
 */
export function invalidError(
  kind: string | GroupKind,
  name: string,
  errs: readonly FieldError[],
): StatusError {
  const gk =
    typeof kind === 'string' ? { group: '', kind } : { group: kind.group, kind: kind.kind };
  return newInvalid(gk, name, errs);
}

/** 401 Unauthorized; the message defaults to `not authorized`. */
export function newUnauthorized(reason = ''): StatusError {
  return failure(401, 'Unauthorized', reason === '' ? 'not authorized' : reason);
}

/**
 * 403 Forbidden: `pods "x" is forbidden: <err>`, `pods is forbidden: <err>` without a name, or
 * `forbidden: <err>` without a resource (non-resource URLs).
 */
export function newForbidden(gr: GroupResource, name: string, err: string): StatusError {
  let msg: string;
  if (gr.group === '' && gr.resource === '') msg = `forbidden: ${err}`;
  else if (name === '') msg = `${groupResourceString(gr)} is forbidden: ${err}`;
  else msg = `${groupResourceString(gr)} ${JSON.stringify(name)} is forbidden: ${err}`;
  return failure(403, 'Forbidden', msg, resourceDetails(gr, name));
}

/** 400 BadRequest with the given message. */
export function newBadRequest(reason: string): StatusError {
  return failure(400, 'BadRequest', reason);
}

/** 405 MethodNotAllowed: `<action> is not supported on resources of kind "pods"`. */
export function newMethodNotSupported(gr: GroupResource, action: string): StatusError {
  const msg = `${action} is not supported on resources of kind ${JSON.stringify(groupResourceString(gr))}`;
  return failure(405, 'MethodNotAllowed', msg, { group: gr.group, kind: gr.resource });
}

/** 410 Gone (deprecated upstream in favour of ResourceExpired). */
export function newGone(message: string): StatusError {
  return failure(410, 'Gone', message);
}

/** 410 Expired, e.g. `too old resource version: 5 (10)` from the watch cache. */
export function newResourceExpired(message: string): StatusError {
  return failure(410, 'Expired', message);
}

/** 500 InternalError: `Internal error occurred: <err>` with the error as the only cause. */
export function newInternalError(err: string): StatusError {
  return failure(500, 'InternalError', `Internal error occurred: ${err}`, {
    causes: [{ message: err }],
  });
}

/** 500 ServerTimeout: `The <op> operation against <resource> could not be completed ...`. */
export function newServerTimeout(
  gr: GroupResource,
  operation: string,
  retryAfterSeconds: number,
): StatusError {
  const msg = `The ${operation} operation against ${groupResourceString(gr)} could not be completed at this time, please try again.`;
  return failure(500, 'ServerTimeout', msg, {
    group: gr.group,
    kind: gr.resource,
    name: operation,
    retryAfterSeconds,
  });
}

/** 503 ServiceUnavailable with the given message. */
export function newServiceUnavailable(reason: string): StatusError {
  return failure(503, 'ServiceUnavailable', reason);
}

/** 504 Timeout: `Timeout: <message>`. */
export function newTimeoutError(message: string, retryAfterSeconds: number): StatusError {
  return failure(504, 'Timeout', `Timeout: ${message}`, { retryAfterSeconds });
}

/** 429 TooManyRequests with a retry hint; the message is used as given (NewTooManyRequests). */
export function newTooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure(429, 'TooManyRequests', message, { retryAfterSeconds });
}

/** 429 TooManyRequests: `Too many requests: <message>` (NewTooManyRequestsError). */
export function newTooManyRequestsError(message: string): StatusError {
  return failure(429, 'TooManyRequests', `Too many requests: ${message}`);
}

/** 413 RequestEntityTooLarge: `Request entity too large: <message>`. */
export function newRequestEntityTooLarge(message: string): StatusError {
  return failure(413, 'RequestEntityTooLarge', `Request entity too large: ${message}`);
}

// apiserver pkg/endpoints/handlers/negotiation/errors.go
/** 415 UnsupportedMediaType for a body in an unknown format. */
export function newUnsupportedMediaType(accepted: readonly string[]): StatusError {
  const msg = `the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`;
  return failure(415, 'UnsupportedMediaType', msg);
}

/** 406 NotAcceptable when no offered media type matches the Accept header. */
export function newNotAcceptable(accepted: readonly string[]): StatusError {
  return failure(
    406,
    'NotAcceptable',
    `only the following media types are accepted: ${accepted.join(', ')}`,
  );
}
