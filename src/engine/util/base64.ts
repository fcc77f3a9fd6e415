const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Base64 of a UTF-8 string; `url` selects Go's RawURLEncoding (- _ and no padding). */
export function encodeBase64(text: string, url = false): string {
  const bytes = new TextEncoder().encode(text);
  const chars = ALPHABET + (url ? '-_' : '+/');
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const count = Math.min(3, bytes.length - i);
    for (let j = 0; j <= count; j++) out += chars[(n >> (18 - 6 * j)) & 63];
    if (!url) out += '='.repeat(3 - count);
  }
  return out;
}

/** Decodes standard or URL base64 (padding optional); throws on invalid input. */
export function decodeBase64(b64: string): string {
  const clean = b64.replace(/=+$/, '').replace(/-/g, '+').replace(/_/g, '/');
  const chars = ALPHABET + '+/';
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const c of clean) {
    const v = chars.indexOf(c);
    if (v < 0) throw new Error(`illegal base64 data`);
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 255);
    }
  }
  return new TextDecoder('utf-8', { fatal: true }).decode(new Uint8Array(bytes));
}
