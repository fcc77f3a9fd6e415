import type { ChildProcess } from 'node:child_process';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningApi {
  url: string;
  kubeconfig: string;
  dir: string;
  stop(): Promise<void>;
}

/** Starts `npm run api` (via tsx) on a free port and waits until it serves. */
export async function startApi(args: string[] = []): Promise<RunningApi> {
  const dir = mkdtempSync(join(tmpdir(), 'k8s-anatomy-api-'));
  const kubeconfig = join(dir, 'kubeconfig');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'src/server/main.ts', '--port', '0', '--kubeconfig', kubeconfig, ...args],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm run api did not start:\n${output}`)),
      30_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', (code) => reject(new Error(`npm run api exited with ${code}:\n${output}`)));
  });
  return {
    url,
    kubeconfig,
    dir,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The real kubectl: KUBECTL, then the PATH; a clear message when there is none. */
export function kubectlPath(): string {
  const candidates = [process.env.KUBECTL, '/usr/bin/kubectl', '/usr/local/bin/kubectl'];
  const found = candidates.find((p): p is string => !!p && existsSync(p));
  if (!found) {
    throw new Error(
      'No kubectl found for the real-client tests. Install it with `apt-get install -y kubernetes-client` (or set KUBECTL).',
    );
  }
  return found;
}

export interface KubectlRun {
  stdout: string;
  stderr: string;
  code: number;
}

/** Runs the real kubectl against the simulated apiserver. */
export function kubectl(api: RunningApi, args: string[], stdin?: string): Promise<KubectlRun> {
  return new Promise((resolve) => {
    const child = execFile(
      kubectlPath(),
      ['--kubeconfig', api.kubeconfig, '--cache-dir', join(api.dir, 'cache'), ...args],
      { timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve({ stdout, stderr, code: typeof code === 'number' ? code : 1 });
      },
    );
    if (stdin !== undefined) child.stdin!.end(stdin);
  });
}
