// What a simulated container does once started: when it exits and how, which ports it
// listens on, which files it creates (for exec probes), how it reacts to SIGTERM.
import type { CatalogImage } from './images';

export interface FileEvent {
  /** ms after start */
  at: number;
  path: string;
  exists: boolean;
}

export interface Program {
  /** exits by itself `afterMs` after start with `code`; undefined: runs until stopped */
  exit?: { afterMs: number; code: number; oom?: boolean };
  ports: number[];
  httpPaths?: string[];
  files: FileEvent[];
  /** PID 1 without a SIGTERM handler (a shell, sleep) ignores SIGTERM: SIGKILL after grace */
  ignoresSigterm: boolean;
  /** bytes the process allocates (the memory hog) */
  memoryBytes?: number;
}

export interface ProgramInput {
  image: CatalogImage;
  command: string[];
  args: string[];
  env: Record<string, string>;
  /** the container's memory limit in bytes, if any */
  memoryLimit?: number;
}

const SHELL_WORDS = new Set([
  'sh',
  'bash',
  'ash',
  'sleep',
  'true',
  'false',
  'echo',
  'exit',
  'cat',
  'tail',
]);

// How long an entrypoint takes to get going before it exits or listens (not modelled finer).
const STARTUP_MS = 50;

/** The program a container runs, from its image's behaviour and its command/args. */
export function programFor(input: ProgramInput): Program {
  const { image, command, args } = input;
  if (image.kind === 'stress' && command.length === 0)
    return stressProgram(args, input.memoryLimit);
  // A shell image runs whatever it is given; a server image given a shell command runs that,
  // any other command is taken as the server's own binary (e.g. `etcd --name=…`).
  const shellCommand = command.length > 0 && SHELL_WORDS.has(command[0].split('/').pop() ?? '');
  if (shellCommand || (image.kind === 'shell' && (command.length > 0 || args.length > 0))) {
    return shellProgram([...command, ...args]);
  }
  switch (image.kind) {
    case 'shell':
      // The default CMD is `sh` with no terminal: it reads EOF and exits 0 at once.
      return { exit: { afterMs: STARTUP_MS, code: 0 }, ports: [], files: [], ignoresSigterm: true };
    case 'pause':
      return { ports: [], files: [], ignoresSigterm: false };
    case 'stress':
      return stressProgram(args, input.memoryLimit);
    default:
      if (image.requiredEnv && !input.env[image.requiredEnv]) {
        // postgres' entrypoint: "Database is uninitialized and superuser password is not specified."
        return { exit: { afterMs: 200, code: 1 }, ports: [], files: [], ignoresSigterm: false };
      }
      return {
        ports: agnhostPorts(image, args) ?? image.ports ?? [],
        httpPaths: image.httpPaths,
        files: [],
        ignoresSigterm: false,
      };
  }
}

function agnhostPorts(image: CatalogImage, args: string[]): number[] | undefined {
  if (!image.repository.endsWith('/agnhost')) return undefined;
  const port = args.find((a) => a.startsWith('--http-port='))?.split('=')[1];
  if (args[0] === 'serve-hostname') return [Number(port ?? 9376)];
  if (args[0] === 'pause') return [];
  return [Number(port ?? 8080)];
}

// polinux/stress: `stress --vm 1 --vm-bytes 250M --vm-hang 1` allocates and holds the memory.
function stressProgram(words: string[], memoryLimit: number | undefined): Program {
  const i = words.indexOf('--vm-bytes');
  const bytes = i >= 0 ? parseBytes(words[i + 1] ?? '') : 256 * 1024 * 1024;
  const hold: Program = { ports: [], files: [], ignoresSigterm: false, memoryBytes: bytes };
  if (memoryLimit !== undefined && bytes > memoryLimit) {
    // The cgroup's OOM killer ends it as the allocation crosses the limit: SIGKILL, 137.
    return { ...hold, exit: { afterMs: 1000, code: 137, oom: true } };
  }
  return hold;
}

function parseBytes(s: string): number {
  const m = /^(\d+)([bBkKmMgG]?)$/.exec(s);
  if (!m) return 256 * 1024 * 1024;
  const unit = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2].toLowerCase()] ?? 1;
  return Number(m[1]) * unit;
}

/**
 * A tiny shell: `sleep N`, `exit N`, `true`, `false`, `touch F`, `rm -f F`, `echo`, loops
 * that never end (`while true`, `tail -f`), joined by `;`, `&&` or newlines.
 */
export function shellProgram(argv: string[]): Program {
  const script = scriptOf(argv);
  const files: FileEvent[] = [];
  let t = STARTUP_MS;
  let status = 0;
  for (const raw of script.split(/;|&&|\n/)) {
    const words = tokenize(raw.trim());
    if (words.length === 0) continue;
    const [cmd, ...rest] = words;
    switch (cmd) {
      case 'sleep': {
        const d = parseSleep(rest[0] ?? '');
        if (d === Infinity) return { ports: [], files, ignoresSigterm: true };
        t += d;
        status = 0;
        break;
      }
      case 'exit':
        return {
          exit: { afterMs: t, code: Number(rest[0] ?? status) & 255 },
          ports: [],
          files,
          ignoresSigterm: true,
        };
      case 'true':
      case ':':
        status = 0;
        break;
      case 'false':
        status = 1;
        break;
      case 'touch':
        for (const f of rest) files.push({ at: t, path: f, exists: true });
        status = 0;
        break;
      case 'rm':
        for (const f of rest.filter((w) => !w.startsWith('-')))
          files.push({ at: t, path: f, exists: false });
        status = 0;
        break;
      case 'while':
      case 'until':
        return { ports: [], files, ignoresSigterm: true };
      case 'tail':
        if (rest.includes('-f')) return { ports: [], files, ignoresSigterm: true };
        status = 0;
        break;
      case 'echo':
      case 'date':
      case 'cat':
      case 'ls':
      case 'env':
      case 'printenv':
      case 'hostname':
      case 'do':
      case 'done':
        status = 0;
        break;
      default:
        // sh: <cmd>: not found
        status = 127;
    }
  }
  return { exit: { afterMs: t, code: status }, ports: [], files, ignoresSigterm: true };
}

/** The script a container runs: `sh -c "<script>"` or the words themselves. */
function scriptOf(argv: string[]): string {
  const shells = ['sh', '/bin/sh', 'bash', '/bin/bash', 'ash'];
  if (shells.includes(argv[0]) && argv[1] === '-c') return argv.slice(2, 3).join(' ');
  if (shells.includes(argv[0]) && argv.length === 1) return 'exit 0';
  return argv.map((w) => (/\s/.test(w) ? `'${w}'` : w)).join(' ');
}

function parseSleep(s: string): number {
  if (s === 'infinity' || s === 'inf') return Infinity;
  const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(s);
  if (!m) return 0;
  const unit = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2]] ?? 1000;
  return Math.round(Number(m[1]) * unit);
}

function tokenize(s: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(s); m; m = re.exec(s)) out.push(m[1] ?? m[2] ?? m[3]);
  return out;
}

/** Whether a file exists `elapsed` ms after the container started. */
export function fileExists(program: Program, path: string, elapsed: number): boolean {
  let exists = false;
  for (const f of program.files) if (f.path === path && f.at <= elapsed) exists = f.exists;
  return exists;
}

/** How long an exec'd command runs: the sum of its `sleep`s (Infinity for endless loops). */
export function execDurationMs(argv: string[]): number {
  let ms = 0;
  for (const statement of scriptOf(argv).split(/;|&&|\n/)) {
    const [cmd, arg] = tokenize(statement.trim());
    if (cmd === 'while' || cmd === 'until') return Infinity;
    if (cmd === 'sleep') ms += parseSleep(arg ?? '');
  }
  return ms;
}

/** Runs an exec probe or hook command inside a running container: exit code and output. */
export function execIn(
  program: Program,
  argv: string[],
  elapsed: number,
): { code: number; output: string } {
  // the answer comes from the first statement that is not a sleep
  const statements = scriptOf(argv).split(/;|&&/);
  const first = statements.find((st) => tokenize(st.trim())[0] !== 'sleep') ?? '';
  const script = tokenize(first);
  const [cmd, ...rest] = script;
  switch (cmd) {
    case 'cat':
    case 'ls':
    case 'test':
    case '[': {
      const path = rest.find((w) => w.startsWith('/')) ?? '';
      if (fileExists(program, path, elapsed)) return { code: 0, output: '' };
      // busybox's messages
      const output =
        cmd === 'cat'
          ? `cat: can't open '${path}': No such file or directory\n`
          : cmd === 'ls'
            ? `ls: ${path}: No such file or directory\n`
            : '';
      return { code: 1, output };
    }
    case 'false':
      return { code: 1, output: '' };
    case 'exit':
      return { code: Number(rest[0] ?? 0), output: '' };
    default:
      return { code: 0, output: '' };
  }
}
