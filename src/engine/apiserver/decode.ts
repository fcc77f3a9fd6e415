import { newBadRequest, newRequestEntityTooLarge, newUnsupportedMediaType } from '../api/errors';
import { GoYamlError, parseYamlDocuments } from '../api/go-yaml';
import { decodeReviewProtobuf } from './protobuf-review';

// k8s.io/apiserver pkg/server/config.go: MaxRequestBodyBytes = 3 MiB.
export const MAX_REQUEST_BODY_BYTES = 3 * 1024 * 1024;

const jsonTypes = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];

/**
 * Decodes a request body as the apiserver's serializers would: JSON by default, YAML when
 * asked; malformed input is a 400 and oversized input a 413, with the server's wording.
 */
export function decodeBody(body: unknown, contentType: string | undefined): unknown {
  if (body === undefined || body === null || body === '') return body;
  if (typeof body !== 'string') {
    checkSize(JSON.stringify(body).length);
    return body;
  }
  checkSize(body.length);
  const mediaType = (contentType ?? 'application/json').split(';')[0].trim().toLowerCase();
  if (mediaType === 'application/yaml') {
    try {
      return parseYamlDocuments(body)[0] ?? null;
    } catch (e) {
      if (!(e instanceof GoYamlError)) throw e;
      throw newBadRequest(`error converting YAML to JSON: ${e.message}`);
    }
  }
  if (mediaType === 'application/vnd.kubernetes.protobuf')
    return decodeReviewProtobuf(body) ?? throwUnsupported();
  try {
    return JSON.parse(body);
  } catch {
    throw newBadRequest(`couldn't get version/kind; json parse error: ${goJsonError(body)}`);
  }
}

function throwUnsupported(): never {
  throw newUnsupportedMediaType(jsonTypes.slice(0, 2));
}

function checkSize(bytes: number): void {
  if (bytes > MAX_REQUEST_BODY_BYTES) {
    throw newRequestEntityTooLarge(`limit is ${MAX_REQUEST_BODY_BYTES}`);
  }
}

/**
 * The message Go's encoding/json gives for the first syntax error in `text`, for the common
 * cases (truncated input, a stray character): `unexpected end of JSON input`,
 * `invalid character 'x' looking for beginning of value`.
 */
export function goJsonError(text: string): string {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const end = () => {
    throw new GoJsonError('unexpected end of JSON input');
  };
  const bad = (context: string) => {
    const c = text[i];
    const shown = c === "'" ? "\\''" : c === '\n' ? '\\n' : c;
    throw new GoJsonError(`invalid character '${shown}' ${context}`);
  };
  const value = (): void => {
    ws();
    if (i >= text.length) end();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      while (true) {
        ws();
        if (i >= text.length) end();
        if (text[i] !== '"') bad('looking for beginning of object key string');
        string();
        ws();
        if (i >= text.length) end();
        if (text[i] !== ':') bad('after object key');
        i++;
        value();
        ws();
        if (i >= text.length) end();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === '}') return void i++;
        bad('after object key:value pair');
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      while (true) {
        value();
        ws();
        if (i >= text.length) end();
        if (text[i] === ',') {
          i++;
          continue;
        }
        if (text[i] === ']') return void i++;
        bad('after array element');
      }
    }
    if (c === '"') return string();
    const literal = /^(true|false|null|-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?)/.exec(text.slice(i));
    if (literal) {
      i += literal[0].length;
      return;
    }
    bad('looking for beginning of value');
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) end();
    i++;
  };
  try {
    value();
    ws();
    if (i < text.length) bad('after top-level value');
    return 'unexpected end of JSON input';
  } catch (e) {
    if (e instanceof GoJsonError) return e.message;
    throw e;
  }
}

class GoJsonError extends Error {}

/**
 * The keys a JSON text repeats within one object, as sigs.k8s.io/json's strict decoder reports
 * them: `duplicate field "metadata.name"`. `text` must be valid JSON.
 */
export function duplicateFields(text: string): string[] {
  const out: string[] = [];
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i])) i++;
  };
  const string = (): string => {
    const start = i++;
    while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const value = (path: string): void => {
    ws();
    if (text[i] === '{') {
      i++;
      const seen = new Set<string>();
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        const key = string();
        const at = path ? `${path}.${key}` : key;
        if (seen.has(key)) out.push(`duplicate field ${JSON.stringify(at)}`);
        seen.add(key);
        ws();
        i++; // ':'
        value(at);
        ws();
        if (text[i++] === '}') return;
      }
    }
    if (text[i] === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (let n = 0; ; n++) {
        value(`${path}[${n}]`);
        ws();
        if (text[i++] === ']') return;
      }
    }
    if (text[i] === '"') return void string();
    while (i < text.length && !',}] \t\r\n'.includes(text[i])) i++;
  };
  value('');
  return out;
}
