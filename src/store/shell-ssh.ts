// `ssh <node> <command>`: the few commands an operator runs on a node, with the node's own
// files (kubeadm's static pod manifests) and etcd's files on control planes: iptables-save,
// etcdutl, etcdctl, ls, cat, mv and sed -i's `s` command, as GNU coreutils, sed and bash word
// their output and errors. Anything else is not found, and a failing command changes nothing.
import type { Cluster, CommandResult } from '../engine';
import { DataDir } from '../engine/etcd/disk';
import { runEtcdutl } from '../engine/etcd/etcdutl';
import { etcdFiles } from '../engine/etcd/files';
import { basename, dirname } from '../engine/node/host-fs';
import type { HostFs } from '../engine/node/host-fs';

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });
const fail = (stderr: string, exitCode: number): CommandResult => ({
  stdout: '',
  stderr: `${stderr}\n`,
  exitCode,
});

/** One node as a shell there sees it. */
interface Host {
  cluster: Cluster;
  name: string;
  controlPlane: boolean;
  fs: HostFs;
}

/** `ssh <node> [sudo] <command> [args…]`; undefined when there is no command to run. */
export function ssh(cluster: Cluster, words: string[]): CommandResult | undefined {
  const [node, ...rest] = words;
  const cmd = rest[0] === 'sudo' ? rest.slice(1) : rest;
  if (!node || cmd.length === 0) return undefined;
  const plan = cluster.nodes.find((n) => n.name === node);
  const fs = cluster.hostFs.get(node);
  if (!plan || !fs) {
    return fail(`ssh: Could not resolve hostname ${node}: Name or service not known`, 255);
  }
  // a powered-off machine answers no ARP: the connection fails before any login
  if (!cluster.sim.net.isHostUp(node)) {
    return fail(`ssh: connect to host ${node} port 22: No route to host`, 255);
  }
  const host: Host = { cluster, name: node, controlPlane: plan.controlPlane, fs };
  const [program, ...args] = cmd;
  switch (program) {
    case 'iptables-save':
      return ok(cluster.iptablesSave(node));
    case 'ls':
      return ls(host, args);
    case 'cat':
      return cat(host, args);
    case 'mv':
      return mv(host, args);
    case 'sed':
      return sed(host, args);
  }
  // etcd's tools are on the control planes only (the etcd docs' prerequisite for a restore)
  if (host.controlPlane && program === 'etcdutl') {
    return runEtcdutl(cmd.join(' '), { sim: cluster.sim, host: node });
  }
  if (host.controlPlane && program === 'etcdctl') return cluster.etcdctl(cmd.join(' '));
  // bash -c as ssh runs it (bash 5.1+ names the line)
  return fail(`bash: line 1: ${program}: command not found`, 127);
}

/** Whether a path names something on the node: a file, a directory or one of etcd's files. */
function stat(host: Host, path: string): 'file' | 'dir' | undefined {
  if (host.fs.isFile(path)) return 'file';
  if (host.fs.isDir(path)) return 'dir';
  if (!host.controlPlane) return undefined;
  const files = etcdFiles(host.cluster.sim, host.name);
  const entry = files.get(path);
  if (entry) return entry instanceof DataDir ? 'dir' : 'file';
  return [...files.keys()].some((p) => p.startsWith(`${path}/`)) ? 'dir' : undefined;
}

const resolve = (path: string) => (path.startsWith('/') ? path : `/root/${path}`);

function ls(host: Host, args: string[]): CommandResult {
  const paths = args.filter((a) => !a.startsWith('-'));
  const out: string[] = [];
  const err: string[] = [];
  for (const arg of paths.length > 0 ? paths : ['/root']) {
    const path = resolve(arg).replace(/(.)\/$/, '$1');
    const kind = stat(host, path);
    if (!kind) err.push(`ls: cannot access '${arg}': No such file or directory\n`);
    else if (kind === 'file') out.push(`${arg}\n`);
    else {
      const names = new Set(host.fs.list(path));
      if (host.controlPlane) {
        for (const p of etcdFiles(host.cluster.sim, host.name).keys()) {
          if (p.startsWith(`${path}/`)) names.add(p.slice(path.length + 1).split('/')[0]);
        }
      }
      // ls to a pipe (ssh without a terminal) prints one name per line
      out.push(...[...names].sort().map((n) => `${n}\n`));
    }
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode: err.length > 0 ? 2 : 0 };
}

function cat(host: Host, args: string[]): CommandResult {
  const out: string[] = [];
  const err: string[] = [];
  for (const arg of args) {
    const path = resolve(arg);
    const kind = stat(host, path);
    if (kind === 'dir') err.push(`cat: ${arg}: Is a directory\n`);
    else if (host.fs.isFile(path)) out.push(host.fs.read(path)!);
    else if (!kind) err.push(`cat: ${arg}: No such file or directory\n`);
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode: err.length > 0 ? 1 : 0 };
}

function mv(host: Host, args: string[]): CommandResult {
  const paths = args.filter((a) => !a.startsWith('-'));
  if (paths.length < 2) {
    return fail(
      paths.length === 0
        ? "mv: missing file operand\nTry 'mv --help' for more information."
        : `mv: missing destination file operand after '${paths[0]}'\nTry 'mv --help' for more information.`,
      1,
    );
  }
  const [srcArg, dstArg] = paths;
  const src = resolve(srcArg).replace(/(.)\/$/, '$1');
  const srcKind = stat(host, src);
  if (!srcKind) return fail(`mv: cannot stat '${srcArg}': No such file or directory`, 1);
  let dst = resolve(dstArg).replace(/(.)\/$/, '$1');
  const dstKind = stat(host, dst);
  if (dstKind === 'dir') dst = `${dst === '/' ? '' : dst}/${basename(src)}`;
  else if (dstArg.endsWith('/')) {
    return fail(`mv: cannot move '${srcArg}' to '${dstArg}': Not a directory`, 1);
  }
  if (stat(host, dirname(dst)) !== 'dir') {
    return fail(`mv: cannot move '${srcArg}' to '${dstArg}': No such file or directory`, 1);
  }
  if (dst === src) return fail(`mv: '${srcArg}' and '${dstArg}' are the same file`, 1);
  if (host.fs.isFile(src)) {
    // a rename: the new name appears, then the old one goes (inotify IN_MOVED_TO, IN_MOVED_FROM)
    host.fs.write(dst, host.fs.read(src)!);
    host.fs.remove(src);
    return ok('');
  }
  // etcd's files: a snapshot or a whole data dir
  const files = etcdFiles(host.cluster.sim, host.name);
  for (const p of [...files.keys()]) {
    if (p !== src && !p.startsWith(`${src}/`)) continue;
    files.set(dst + p.slice(src.length), files.get(p)!);
    files.delete(p);
  }
  return ok('');
}

/** GNU sed's `s/regexp/replacement/flags`, parsed; a string is sed's error. */
function parseS(script: string): { re: RegExp; replacement: string } | string {
  const expr = (char: number, what: string) => `sed: -e expression #1, char ${char}: ${what}`;
  if (script[0] !== 's') return expr(1, `unknown command: \`${script[0] ?? ''}'`);
  const delim = script[1];
  if (delim === undefined || delim === '\n' || delim === '\\') {
    return expr(script.length, "unterminated `s' command");
  }
  const parts: string[] = [];
  let cur = '';
  let i = 2;
  for (; i < script.length && parts.length < 2; i++) {
    const ch = script[i];
    if (ch === '\\' && script[i + 1] === delim) {
      cur += delim === '&' ? '\\&' : `\\${delim}`;
      i++;
    } else if (ch === '\\' && i + 1 < script.length) {
      cur += ch + script[++i];
    } else if (ch === delim) {
      parts.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (parts.length < 2) return expr(script.length, "unterminated `s' command");
  const flags = script.slice(i);
  if (!/^g?$/.test(flags)) return expr(script.length, "unknown option to `s'");
  return { re: new RegExp(basicRegExp(parts[0]), flags), replacement: sedReplacement(parts[1]) };
}

/** A POSIX basic regular expression as a JavaScript one: `\(` groups, `+?(){}|` literal. */
function basicRegExp(bre: string): string {
  let out = '';
  for (let i = 0; i < bre.length; i++) {
    const ch = bre[i];
    if (ch === '\\' && i + 1 < bre.length) {
      const next = bre[++i];
      out += '(){}+?|'.includes(next) ? next : `\\${next}`;
    } else out += '+?(){}|/'.includes(ch) ? `\\${ch}` : ch;
  }
  return out;
}

/** sed's replacement text in JavaScript's: `&` the match, `\1` a group, `$` literal. */
function sedReplacement(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\' && i + 1 < text.length) {
      const next = text[++i];
      out += /[1-9]/.test(next) ? `$${next}` : next === 'n' ? '\n' : next === '$' ? '$$' : next;
    } else out += ch === '&' ? '$&' : ch === '$' ? '$$' : ch;
  }
  return out;
}

function sed(host: Host, args: string[]): CommandResult {
  let inPlace = false;
  let script: string | undefined;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '-i' || a === '--in-place') inPlace = true;
    else if (a === '-e' || a === '--expression') script = args[++i];
    else if (script === undefined) script = a;
    else files.push(a);
  }
  if (script === undefined)
    return fail('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...', 1);
  const s = parseS(script);
  if (typeof s === 'string') return fail(s, 1);
  if (inPlace && files.length === 0) return fail('sed: no input files', 1);
  const out: string[] = [];
  const err: string[] = [];
  for (const arg of files) {
    const path = resolve(arg);
    const text = host.fs.read(path);
    if (text === undefined) {
      const dir = stat(host, path) === 'dir';
      err.push(
        dir && inPlace
          ? `sed: couldn't edit ${arg}: not a regular file\n`
          : dir
            ? `sed: read error on ${arg}: Is a directory\n`
            : `sed: can't read ${arg}: No such file or directory\n`,
      );
      continue;
    }
    // sed works line by line: without g, the first match of each line
    const edited = text
      .split('\n')
      .map((line) => line.replace(s.re, s.replacement))
      .join('\n');
    // -i writes a new file over the old one even when nothing matched
    if (inPlace) host.fs.write(path, edited);
    else out.push(edited);
  }
  return { stdout: out.join(''), stderr: err.join(''), exitCode: err.length > 0 ? 2 : 0 };
}
