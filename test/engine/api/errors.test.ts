import {
  StatusError,
  invalidError,
  isStatusError,
  newAlreadyExists,
  newBadRequest,
  newConflict,
  newForbidden,
  newGone,
  newInternalError,
  newMethodNotSupported,
  newNotAcceptable,
  newNotFound,
  newRequestEntityTooLarge,
  newResourceExpired,
  newServerTimeout,
  newServiceUnavailable,
  newTimeoutError,
  newTooManyRequests,
  newTooManyRequestsError,
  newUnauthorized,
  newUnsupportedMediaType,
} from '../../../src/engine/api/errors';
import { fieldPath, required } from '../../../src/engine/api/field';

const pods = { group: '', resource: 'pods' };
const deployments = { group: 'apps', resource: 'deployments' };
const forbiddenText =
  'User "jane" cannot get resource "pods" in API group "" in the namespace "default"';

describe('status errors', () => {
  it.each([
    [newNotFound(pods, 'x'), 404, 'NotFound', 'pods "x" not found', { name: 'x', kind: 'pods' }],
    [
      newNotFound(deployments, 'web'),
      404,
      'NotFound',
      'deployments.apps "web" not found',
      { name: 'web', group: 'apps', kind: 'deployments' },
    ],
    [
      newAlreadyExists(pods, 'x'),
      409,
      'AlreadyExists',
      'pods "x" already exists',
      { name: 'x', kind: 'pods' },
    ],
    [
      newConflict(pods, 'x'),
      409,
      'Conflict',
      'Operation cannot be fulfilled on pods "x": the object has been modified; please apply your changes to the latest version and try again',
      { name: 'x', kind: 'pods' },
    ],
    [
      newForbidden(pods, 'x', forbiddenText),
      403,
      'Forbidden',
      `pods "x" is forbidden: ${forbiddenText}`,
      { name: 'x', kind: 'pods' },
    ],
    [newForbidden(pods, '', 'no'), 403, 'Forbidden', 'pods is forbidden: no', { kind: 'pods' }],
    [
      newForbidden({ group: '', resource: '' }, '', 'User "x" cannot get path "/foo"'),
      403,
      'Forbidden',
      'forbidden: User "x" cannot get path "/foo"',
      {},
    ],
    [newUnauthorized(), 401, 'Unauthorized', 'not authorized', undefined],
    [newUnauthorized('Unauthorized'), 401, 'Unauthorized', 'Unauthorized', undefined],
    [newBadRequest('bad body'), 400, 'BadRequest', 'bad body', undefined],
    [
      newMethodNotSupported(pods, 'deletecollection'),
      405,
      'MethodNotAllowed',
      'deletecollection is not supported on resources of kind "pods"',
      { kind: 'pods' },
    ],
    [newGone('gone'), 410, 'Gone', 'gone', undefined],
    [
      newResourceExpired('too old resource version: 5 (10)'),
      410,
      'Expired',
      'too old resource version: 5 (10)',
      undefined,
    ],
    [
      newInternalError('boom'),
      500,
      'InternalError',
      'Internal error occurred: boom',
      { causes: [{ message: 'boom' }] },
    ],
    [
      newServerTimeout(deployments, 'create', 2),
      500,
      'ServerTimeout',
      'The create operation against deployments.apps could not be completed at this time, please try again.',
      { name: 'create', group: 'apps', kind: 'deployments', retryAfterSeconds: 2 },
    ],
    [newServiceUnavailable('down'), 503, 'ServiceUnavailable', 'down', undefined],
    [
      newTimeoutError(
        'request did not complete within requested timeout - context deadline exceeded',
        0,
      ),
      504,
      'Timeout',
      'Timeout: request did not complete within requested timeout - context deadline exceeded',
      {},
    ],
    [
      newTooManyRequests('slow down', 1),
      429,
      'TooManyRequests',
      'slow down',
      { retryAfterSeconds: 1 },
    ],
    [
      newTooManyRequestsError('slow down'),
      429,
      'TooManyRequests',
      'Too many requests: slow down',
      undefined,
    ],
    [
      newRequestEntityTooLarge('limit is 3145728'),
      413,
      'RequestEntityTooLarge',
      'Request entity too large: limit is 3145728',
      undefined,
    ],
    [
      newUnsupportedMediaType(['application/json', 'application/yaml']),
      415,
      'UnsupportedMediaType',
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
      undefined,
    ],
    [
      newNotAcceptable(['application/json', 'application/yaml']),
      406,
      'NotAcceptable',
      'only the following media types are accepted: application/json, application/yaml',
      undefined,
    ],
  ])('%#: carries code, reason, message and details', (err, code, reason, message, details) => {
    expect(err).toBeInstanceOf(StatusError);
    expect(err).toBeInstanceOf(Error);
    expect(err.message).toBe(message);
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message,
      reason,
      ...(details === undefined ? {} : { details }),
      code,
    });
  });

  it('serialises fields in metav1.Status order', () => {
    expect(Object.keys(newNotFound(pods, 'x').status)).toEqual([
      'kind',
      'apiVersion',
      'metadata',
      'status',
      'message',
      'reason',
      'details',
      'code',
    ]);
  });

  it('recognises status errors by reason', () => {
    expect(isStatusError(newNotFound(pods, 'x'), 'NotFound')).toBe(true);
    expect(isStatusError(newNotFound(pods, 'x'), 'Conflict')).toBe(false);
    expect(isStatusError(new Error('x'))).toBe(false);
  });
});

describe('invalid errors', () => {
  const name = required(fieldPath('spec', 'containers').index(0).child('name'));
  const image = required(fieldPath('spec', 'containers').index(0).child('image'));

  it('builds the 422 for one field error', () => {
    const err = invalidError('Pod', 'x', [image]);
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'Pod "x" is invalid: spec.containers[0].image: Required value',
      reason: 'Invalid',
      details: {
        name: 'x',
        kind: 'Pod',
        causes: [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.containers[0].image',
          },
        ],
      },
      code: 422,
    });
  });

  it('aggregates several errors in brackets and keeps a cause for each', () => {
    const err = invalidError('Pod', 'x', [name, image]);
    expect(err.message).toBe(
      'Pod "x" is invalid: [spec.containers[0].name: Required value, spec.containers[0].image: Required value]',
    );
    expect(err.status.details?.causes).toHaveLength(2);
  });

  it('qualifies kinds of named groups', () => {
    const err = invalidError({ group: 'apps', kind: 'Deployment' }, 'web', [image]);
    expect(err.message).toBe(
      'Deployment.apps "web" is invalid: spec.containers[0].image: Required value',
    );
    expect(err.status.details).toMatchObject({ group: 'apps', kind: 'Deployment', name: 'web' });
  });

  it('omits the colon when there are no field errors', () => {
    expect(invalidError('Pod', 'x', []).message).toBe('Pod "x" is invalid');
  });
});
