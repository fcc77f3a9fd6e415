// How kubectl renders errors (kubectl pkg/cmd/util/helpers.go checkErr, StandardErrorMessage,
// MultilineError, AddSourceToErr) and the client-go/net errors of a dead connection.
import type { Status } from '../api/types';

/** An error kubectl prints on stderr before exiting 1; `message` is the final text. */
export class KubectlError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'KubectlError';
  }
}

/** An API error: the Status the server answered with. */
export class ApiStatusError extends Error {
  constructor(readonly status: Status) {
    super(status.message ?? '');
    this.name = 'ApiStatusError';
  }
}

/** A transport failure: the server could not be reached or did not answer. */
export class ConnectionError extends Error {
  constructor(
    readonly kind: 'refused' | 'timeout' | 'reset',
    readonly host: string,
    readonly address?: string,
  ) {
    super(kind);
    this.name = 'ConnectionError';
  }
}

/** helpers.go StandardErrorMessage: the one-line form of an API or connection error. */
export function standardErrorMessage(err: unknown): string | undefined {
  if (err instanceof ApiStatusError) {
    const s = err.status;
    if (s.reason === 'Unauthorized')
      return `error: You must be logged in to the server (${s.message ?? ''})`;
    if (s.reason) return `Error from server (${s.reason}): ${s.message ?? ''}`;
    return `Error from server: ${s.message ?? ''}`;
  }
  if (err instanceof ConnectionError) {
    // url.Error containing "connection refused" names the host:port of the kubeconfig server
    if (err.kind === 'refused') {
      return `The connection to the server ${err.host} was refused - did you specify the right host or port?`;
    }
    // net.Dial errors name the resolved address; without one we show the host
    const addr = err.address ?? err.host;
    if (err.kind === 'timeout')
      return `Unable to connect to the server: dial tcp ${addr}: i/o timeout`;
    return `Unable to connect to the server: read tcp ${addr}: read: connection reset by peer`;
  }
  return undefined;
}

// helpers.go statusCausesToAggrError: `field: message`, duplicates dropped.
function causeMessages(status: Status): string[] {
  const seen = new Set<string>();
  for (const c of status.details?.causes ?? []) seen.add(`${c.field ?? ''}: ${c.message ?? ''}`);
  return [...seen];
}

/** helpers.go MultilineError: one error on the prefix line, several as `* ` lines. */
function multilineError(prefix: string, errs: string[]): string {
  if (errs.length === 1) return `${prefix}${errs[0]}\n`;
  return `${prefix}\n${errs.map((e) => `* ${e}\n`).join('')}`;
}

/** helpers.go checkErr: the text kubectl prints for an error (always newline-terminated). */
export function errorMessage(err: unknown): string {
  let msg: string;
  if (err instanceof ApiStatusError && err.status.reason === 'Invalid') {
    const s = err.status;
    const details = s.details;
    if (!details) {
      msg = 'The request is invalid' + (s.message ? `: ${s.message}` : '');
    } else {
      let head = 'The request is invalid';
      if (details.kind || details.name) {
        head = `The ${details.kind ?? ''} ${JSON.stringify(details.name ?? '')} is invalid`;
      } else if (s.message && !details.causes?.length) head += `: ${s.message}`;
      const causes = causeMessages(s);
      msg = causes.length > 0 ? multilineError(`${head}: `, causes) : head;
    }
  } else if (err instanceof KubectlError) {
    msg = err.message;
  } else {
    msg =
      standardErrorMessage(err) ?? prefixError(err instanceof Error ? err.message : String(err));
  }
  return msg.endsWith('\n') ? msg : msg + '\n';
}

/** `error: ` before a plain message, unless it has it already. */
export function prefixError(message: string): string {
  return message.startsWith('error: ') ? message : `error: ${message}`;
}

/** helpers.go AddSourceToErr: `error when creating "STDIN": <message>`. */
export function addSourceToErr(verb: string, source: string, err: unknown): unknown {
  if (!source) return err;
  if (err instanceof ApiStatusError) {
    return new ApiStatusError({
      ...err.status,
      message: `error when ${verb} ${JSON.stringify(source)}: ${err.status.message ?? ''}`,
    });
  }
  if (err instanceof Error && !(err instanceof ConnectionError)) {
    return new Error(`error when ${verb} ${JSON.stringify(source)}: ${err.message}`);
  }
  return err;
}

/** True if the error is an API error with this reason (apierrors.IsNotFound and friends). */
export function hasReason(err: unknown, reason: string): boolean {
  return err instanceof ApiStatusError && err.status.reason === reason;
}
