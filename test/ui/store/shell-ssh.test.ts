import { beforeAll, describe, expect, it } from 'vitest';

import type { Cluster } from '../../../src/engine';
import { createCluster } from '../../../src/engine';
import { runShellLine } from '../../../src/store/shell';

const CP = 'control-plane-1';
const MANIFESTS = '/etc/kubernetes/manifests';
const run = (c: Cluster, line: string) => runShellLine(c, line)!;

describe('commands on a node over ssh', () => {
  let c: Cluster;
  beforeAll(() => {
    c = createCluster({ seed: 1, workers: 1, addons: false });
    c.etcdctl('snapshot save /var/lib/etcd/snapshot.db');
  });

  it('lists the static pod manifests one per line, as ls does into a pipe', () => {
    expect(run(c, `ssh ${CP} ls ${MANIFESTS}`)).toEqual({
      stdout: 'etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n',
      stderr: '',
      exitCode: 0,
    });
    expect(run(c, `ssh ${CP} ls /var/lib/etcd`).stdout).toBe('snapshot.db\n');
  });

  it('prints a manifest with cat, and sed without -i prints the edit and leaves the file', () => {
    const manifest = run(c, `ssh ${CP} cat ${MANIFESTS}/kube-scheduler.yaml`).stdout;
    expect(manifest).toMatch(/^apiVersion: v1\nkind: Pod\n/);
    const edited = run(
      c,
      `ssh ${CP} sed 's/leader-elect=true/leader-elect=false/' ${MANIFESTS}/kube-scheduler.yaml`,
    );
    expect(edited.stdout).toBe(manifest.replace('leader-elect=true', 'leader-elect=false'));
    expect(run(c, `ssh ${CP} cat ${MANIFESTS}/kube-scheduler.yaml`).stdout).toBe(manifest);
  });

  it('replaces only the first match on each line unless the g flag is given', () => {
    const path = `${MANIFESTS}/kube-scheduler.yaml`;
    const line = (flags: string) =>
      run(c, `ssh ${CP} sed 's/e/E/${flags}' ${path} | grep ' --kubEconfig='`).stdout;
    expect(line('')).toBe('    - --kubEconfig=/etc/kubernetes/scheduler.conf\n');
    expect(line('g')).toBe('    - --kubEconfig=/Etc/kubErnEtEs/schEdulEr.conf\n');
  });

  it.each([
    [`ssh ${CP} mv /nope /tmp/`, "mv: cannot stat '/nope': No such file or directory\n", 1],
    [
      `ssh ${CP} mv ${MANIFESTS}/etcd.yaml /nowhere/`,
      `mv: cannot move '${MANIFESTS}/etcd.yaml' to '/nowhere/': Not a directory\n`,
      1,
    ],
    [`ssh ${CP} cat /nope`, 'cat: /nope: No such file or directory\n', 1],
    [`ssh ${CP} ls /nope`, "ls: cannot access '/nope': No such file or directory\n", 2],
    [
      `ssh ${CP} sed -i x ${MANIFESTS}/etcd.yaml`,
      "sed: -e expression #1, char 1: unknown command: `x'\n",
      1,
    ],
    [
      `ssh ${CP} sed -i s#a#b ${MANIFESTS}/etcd.yaml`,
      "sed: -e expression #1, char 5: unterminated `s' command\n",
      1,
    ],
    [
      `ssh ${CP} sed -i s#a#b#q ${MANIFESTS}/etcd.yaml`,
      "sed: -e expression #1, char 7: unknown option to `s'\n",
      1,
    ],
    [`ssh ${CP} sed -i s#a#b# /nope`, "sed: can't read /nope: No such file or directory\n", 2],
    ['ssh worker-1 etcdutl version', 'bash: line 1: etcdutl: command not found\n', 127],
    [`ssh ${CP} systemctl stop kubelet`, 'bash: line 1: systemctl: command not found\n', 127],
    ['ssh nowhere ls', 'ssh: Could not resolve hostname nowhere: Name or service not known\n', 255],
  ])('answers `%s` with the real error and changes nothing', (line, stderr, exitCode) => {
    const fs = c.hostFs.get(CP)!;
    const before = fs.paths().map((p) => [p, fs.read(p)]);
    expect(run(c, line)).toEqual({ stdout: '', stderr, exitCode });
    expect(fs.paths().map((p) => [p, fs.read(p)])).toEqual(before);
  });
});

describe('ssh to a machine that is off', () => {
  it('fails to connect and runs nothing', () => {
    const c = createCluster({ seed: 3, workers: 1, addons: false });
    c.fail('node/worker-1');
    expect(run(c, 'ssh worker-1 ls /tmp')).toEqual({
      stdout: '',
      stderr: 'ssh: connect to host worker-1 port 22: No route to host\n',
      exitCode: 255,
    });
  });
});

describe('the restore procedure’s commands', () => {
  it('moves the API server manifest out and back, repoints etcd with sed -i and restores with etcdutl', () => {
    const c = createCluster({ seed: 2, workers: 1, addons: false });
    c.etcdctl('snapshot save /var/lib/etcd/snapshot.db');
    expect(run(c, `ssh ${CP} mv ${MANIFESTS}/kube-apiserver.yaml /tmp/`)).toEqual({
      stdout: '',
      stderr: '',
      exitCode: 0,
    });
    expect(run(c, `ssh ${CP} ls ${MANIFESTS}`).stdout).toBe(
      'etcd.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n',
    );
    expect(run(c, `ssh ${CP} ls /tmp`).stdout).toBe('kube-apiserver.yaml\n');

    const restore = run(
      c,
      `ssh ${CP} etcdutl snapshot restore /var/lib/etcd/snapshot.db --data-dir /var/lib/etcd-from-backup`,
    );
    expect(restore.exitCode).toBe(0);
    expect(restore.stderr).toContain('\tinfo\tsnapshot/v3_snapshot.go:293\trestored snapshot\t');
    expect(run(c, `ssh ${CP} ls /var/lib`).stdout).toBe('etcd\netcd-from-backup\nkubelet\n');

    const sed = `ssh ${CP} sed -i 's#/var/lib/etcd#/var/lib/etcd-from-backup#' ${MANIFESTS}/etcd.yaml`;
    expect(run(c, sed)).toEqual({ stdout: '', stderr: '', exitCode: 0 });
    expect(run(c, `ssh ${CP} cat ${MANIFESTS}/etcd.yaml | grep /var/lib/etcd`).stdout).toBe(
      '    - --data-dir=/var/lib/etcd-from-backup\n' +
        '    - mountPath: /var/lib/etcd-from-backup\n' +
        '      path: /var/lib/etcd-from-backup\n',
    );

    expect(run(c, `ssh ${CP} sudo mv /tmp/kube-apiserver.yaml ${MANIFESTS}/`).exitCode).toBe(0);
    expect(run(c, `ssh ${CP} ls ${MANIFESTS}`).stdout).toBe(
      'etcd.yaml\nkube-apiserver.yaml\nkube-controller-manager.yaml\nkube-scheduler.yaml\n',
    );
  });
});
