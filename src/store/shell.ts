// The few command lines besides kubectl that the terminal runs, as an operator types them:
// etcdctl and etcdutl on the first control-plane node, `kubectl exec <pod> -- curl …` (and
// `-- etcdctl …` in an etcd pod), curl from the user's machine to the API server, and commands
// on a node over ssh (shell-ssh.ts), optionally piped through grep.
import type { Cluster, CommandResult } from '../engine';
import { runEtcdutl } from '../engine/etcd/etcdutl';
import { ShellSyntaxError, splitCommandLine } from '../engine/kubectl/shell-words';
import { ssh } from './shell-ssh';

// curl's exit codes (man curl: EXIT CODES) for the data path's failures.
const CURL_EXIT = { nxdomain: 6, refused: 7, timeout: 28 } as const;

const ok = (stdout: string): CommandResult => ({ stdout, stderr: '', exitCode: 0 });

/**
 * Runs `line` if it is one of the non-kubectl commands the simulation knows; undefined means
 * kubectl runs it.
 *
 *   runShellLine(c, 'exec client -- curl -s http://web')?.stdout; // 'web-7d9…\n'
 */
export function runShellLine(cluster: Cluster, line: string): CommandResult | undefined {
  const [command, grep] = splitPipe(line);
  let words: string[];
  try {
    words = splitCommandLine(command);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return undefined;
    throw e;
  }
  if (words[0] === 'kubectl') words.shift();
  const result = dispatch(cluster, words, command);
  if (!result || grep === undefined) return result;
  // grep prints the matching lines; no match exits 1
  const lines = result.stdout.split('\n').filter((l) => l !== '' && l.includes(grep));
  return { ...result, stdout: lines.map((l) => `${l}\n`).join(''), exitCode: lines.length ? 0 : 1 };
}

/** `… | grep <text>`: the command and the fixed string grep looks for. */
function splitPipe(line: string): [string, string | undefined] {
  const m = /^(.*?)\s*\|\s*grep\s+(?:-F\s+)?(?:'([^']*)'|"([^"]*)"|(\S+))\s*$/.exec(line);
  return m ? [m[1], m[2] ?? m[3] ?? m[4]] : [line, undefined];
}

function dispatch(cluster: Cluster, words: string[], line: string): CommandResult | undefined {
  const env = words[0] === 'ETCDCTL_API=3' ? 1 : 0;
  if (words[env] === 'etcdctl') return cluster.etcdctl(line.replace(/^\s*(kubectl\s+)?/, ''));
  if (words[0] === 'curl') return curlApiServer(cluster, words.slice(1));
  if (words[0] === 'etcdutl') {
    const host = cluster.nodes.find((n) => n.controlPlane)!.name;
    return runEtcdutl(words.join(' '), { sim: cluster.sim, host });
  }
  if (words[0] === 'ssh') return ssh(cluster, words.slice(1));
  // kubectl's global flags may come first: kubectl -n kube-system exec …
  let i = 0;
  while (words[i]?.startsWith('-')) i += words[i] === '-n' || words[i] === '--namespace' ? 2 : 1;
  if (words[i] === 'exec') return exec(cluster, [...words.slice(0, i), ...words.slice(i + 1)]);
  return undefined;
}

/** `exec [-n ns] <pod> -- curl|etcdctl …`; any other exec is left to kubectl. */
function exec(cluster: Cluster, words: string[]): CommandResult | undefined {
  const dash = words.indexOf('--');
  if (dash < 0) return undefined;
  let namespace = 'default';
  let pod: string | undefined;
  const flags = words.slice(0, dash);
  for (let i = 0; i < flags.length; i++) {
    const w = flags[i];
    if (w === '-n' || w === '--namespace') namespace = flags[++i] ?? namespace;
    else if (w.startsWith('--namespace=')) namespace = w.slice('--namespace='.length);
    else if (w === '-it' || w === '-i' || w === '-t') continue;
    else if (!w.startsWith('-')) pod = w;
  }
  const inner = words.slice(dash + 1);
  if (!pod || inner.length === 0) return undefined;
  if (inner[0] === 'etcdctl') {
    // kubeadm's etcd pod runs on the host network: 127.0.0.1:2379 is that node's member
    const node = /^etcd-(.+)$/.exec(pod)?.[1];
    const local = node && !inner.some((w) => w.startsWith('--endpoints'));
    return cluster.etcdctl([...inner, ...(local ? [`--endpoints=${node}:2379`] : [])].join(' '));
  }
  if (inner[0] === 'curl') return curlFromPod(cluster, `pod/${namespace}/${pod}`, inner.slice(1));
  return undefined;
}

interface CurlArgs {
  url?: string;
  verbose: boolean;
  maxTimeMs?: number;
  headers: Record<string, string>;
}

function curlArgs(words: string[]): CurlArgs {
  const args: CurlArgs = { verbose: false, headers: {} };
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '-H' || w === '--header') {
      const [name, ...value] = (words[++i] ?? '').split(':');
      args.headers[name.trim()] = value.join(':').trim();
    } else if (w === '-m' || w === '--max-time') args.maxTimeMs = Number(words[++i]) * 1000;
    else if (/^-[a-zA-Z]+$/.test(w)) args.verbose ||= w.includes('v');
    else if (!w.startsWith('-')) args.url = w;
  }
  return args;
}

/** curl inside a pod: DNS, the node's iptables, the overlay and the answering pod. */
function curlFromPod(cluster: Cluster, from: string, words: string[]): CommandResult {
  const args = curlArgs(words);
  if (!args.url) return { stdout: '', stderr: 'curl: no URL specified\n', exitCode: 2 };
  const r = cluster.request({
    from,
    url: args.url.includes('://') ? args.url : `http://${args.url}`,
    ...(args.maxTimeMs ? { timeoutMs: args.maxTimeMs } : {}),
  });
  const host = new URL(args.url.includes('://') ? args.url : `http://${args.url}`).hostname;
  const port = r.endpoint?.split(':')[1] ?? '80';
  const verbose =
    args.verbose && r.resolvedIP
      ? `*   Trying ${r.resolvedIP}:${port}...\n* Connected to ${host} (${r.resolvedIP}) port ${port}\n`
      : '';
  if (!r.ok) {
    const code = r.error ? CURL_EXIT[r.error] : 1;
    return {
      stdout: '',
      stderr: `${verbose}${r.message ?? ''}\ncommand terminated with exit code ${code}\n`,
      exitCode: code,
    };
  }
  const status = args.verbose ? `< HTTP/1.1 ${r.status} ${r.statusText}\n` : '';
  return { stdout: `${r.body ?? ''}\n`, stderr: `${verbose}${status}`, exitCode: 0 };
}

/** curl from the user's machine to the API server: no client certificate, maybe a token. */
function curlApiServer(cluster: Cluster, words: string[]): CommandResult | undefined {
  const args = curlArgs(words);
  const m = args.url && /^https:\/\/[^/]+:6443(\/[^?]*)(?:\?(.*))?$/.exec(args.url);
  // only a bearer token authenticates curl here (the engine's client has no anonymous mode)
  if (!m || !args.headers.Authorization) return undefined;
  const query = Object.fromEntries(new URLSearchParams(m[2] ?? ''));
  // user '' drops the engine's client-certificate shortcut: only the headers authenticate
  const res = cluster.request({
    method: 'GET',
    path: m[1],
    query,
    headers: args.headers,
    user: '',
  });
  if (res.status === 0) {
    const host = args.url!.replace(/^https:\/\//, '').split(/[:/]/)[0];
    return {
      stdout: '',
      stderr: `curl: (7) Failed to connect to ${host} port 6443\n`,
      exitCode: 7,
    };
  }
  // apiserver endpoints/handlers/negotiation isPrettyPrint: curl and Wget get indented JSON
  return ok(`${JSON.stringify(res.body, null, 2)}\n`);
}
