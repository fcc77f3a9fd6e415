/** An IPv4 address as an unsigned 32-bit integer. */
export function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

/** Whether `ip` lies in `cidr` (`a.b.c.d/n`; a bare address is a /32). */
export function cidrContains(cidr: string, ip: string): boolean {
  const [base, bits = '32'] = cidr.split('/');
  const n = Number(bits);
  if (n === 0) return true;
  const size = 2 ** (32 - n);
  return Math.floor(ipToInt(ip) / size) === Math.floor(ipToInt(base) / size);
}

/** Whether a string is a dotted-quad IPv4 address. */
export function isIPv4(s: string): boolean {
  return (
    /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(s) &&
    s.split('.').every((p) => Number(p) < 256)
  );
}
