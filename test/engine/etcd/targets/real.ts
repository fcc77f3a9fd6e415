import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Etcd3 } from 'etcd3';

import type { TxnRequest } from '../../../../src/engine/etcd';
import type { EtcdTarget, Kv, OpenWatch, TxnOpResult, WatchResult } from './target';

export const ETCD_BINARY = process.env.ETCD_BINARY ?? '/usr/bin/etcd';

/** Whether the real etcd can run here; in CI its absence is a failure, not a skip. */
export function realEtcdAvailable(): boolean {
  const present = existsSync(ETCD_BINARY);
  if (!present && process.env.CI) {
    throw new Error(`${ETCD_BINARY} is missing in CI: apt-get install -y etcd-server etcd-client`);
  }
  return present;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/* eslint-disable @typescript-eslint/no-explicit-any */
const num = (v: any): number => Number(v ?? 0);
const str = (b: any): string => (b ? Buffer.from(b).toString() : '');
const toKv = (k: any): Kv => ({
  key: str(k.key),
  createRevision: num(k.create_revision),
  modRevision: num(k.mod_revision),
  version: num(k.version),
  value: str(k.value),
});
const buf = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s));
const grpcMessage = (e: unknown) =>
  new Error(String((e as Error).message).replace(/^\d+ [A-Z_]+: /, ''));

function toGrpcTxn(req: TxnRequest): any {
  const ops = (list: TxnRequest['success']) =>
    (list ?? []).map((op) => {
      if ('put' in op) {
        return {
          request_put: { key: buf(op.put.key), value: buf(op.put.value), prev_kv: op.put.prevKv },
        };
      }
      if ('deleteRange' in op) {
        const d = op.deleteRange;
        return {
          request_delete_range: { key: buf(d.key), range_end: buf(d.rangeEnd), prev_kv: d.prevKv },
        };
      }
      const r = op.range;
      return {
        request_range: {
          key: buf(r.key),
          range_end: buf(r.rangeEnd),
          limit: r.limit,
          revision: r.revision,
        },
      };
    });
  return {
    compare: (req.compare ?? []).map((c) => ({
      key: buf(c.key),
      range_end: buf(c.rangeEnd),
      target:
        c.target === 'CREATE'
          ? 'Create'
          : c.target === 'MOD'
            ? 'Mod'
            : c.target[0] + c.target.slice(1).toLowerCase(),
      result: { EQUAL: 'Equal', NOT_EQUAL: 'NotEqual', GREATER: 'Greater', LESS: 'Less' }[c.result],
      version: c.version,
      create_revision: c.createRevision,
      mod_revision: c.modRevision,
      value: buf(c.value),
    })),
    success: ops(req.success),
    failure: ops(req.failure),
  };
}

/** A real etcd (Debian's etcd-server) on 127.0.0.1 with random ports and a temporary data dir. */
export async function realTarget(): Promise<EtcdTarget> {
  const dataDir = mkdtempSync(join(tmpdir(), 'etcd-contract-'));
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const clientUrl = `http://127.0.0.1:${clientPort}`;
  const peerUrl = `http://127.0.0.1:${peerPort}`;
  const proc: ChildProcess = spawn(
    ETCD_BINARY,
    [
      '--name=contract',
      `--data-dir=${dataDir}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--listen-peer-urls=${peerUrl}`,
      `--initial-advertise-peer-urls=${peerUrl}`,
      `--initial-cluster=contract=${peerUrl}`,
    ],
    { stdio: 'ignore' },
  );
  const client = new Etcd3({ hosts: clientUrl });
  for (let i = 0; ; i++) {
    try {
      await client.kv.range({ key: Buffer.from('probe') });
      break;
    } catch (e) {
      if (i > 100) throw e;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const wrap =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      try {
        return await f(...a);
      } catch (e) {
        throw grpcMessage(e);
      }
    };
  const ops = (rs: any[]): TxnOpResult[] =>
    rs.map((r) => {
      if (r.response_put)
        return { put: r.response_put.prev_kv ? { prevKv: toKv(r.response_put.prev_kv) } : {} };
      if (r.response_delete_range)
        return { deleteRange: { deleted: num(r.response_delete_range.deleted) } };
      const g = r.response_range;
      return { range: { kvs: (g.kvs ?? []).map(toKv), count: num(g.count), more: !!g.more } };
    });
  return {
    name: `real etcd (${ETCD_BINARY})`,
    revision: wrap(async () =>
      num((await client.kv.range({ key: Buffer.from('x') })).header.revision),
    ),
    put: wrap(async (key, value, prevKv) => {
      const r = await client.kv.put({ key: buf(key), value: buf(value), prev_kv: prevKv });
      return {
        revision: num(r.header.revision),
        ...(r.prev_kv ? { prevKv: toKv(r.prev_kv) } : {}),
      };
    }),
    get: wrap(async (key, opts = {}) => {
      const r = await client.kv.range({
        key: buf(key),
        range_end: buf(opts.rangeEnd),
        revision: opts.revision,
        limit: opts.limit,
        keys_only: opts.keysOnly,
        count_only: opts.countOnly,
      });
      return {
        revision: num(r.header.revision),
        kvs: (r.kvs ?? []).map(toKv),
        count: num(r.count),
        more: !!r.more,
      };
    }),
    del: wrap(async (key, rangeEnd) => {
      const r = await client.kv.deleteRange({
        key: buf(key),
        range_end: buf(rangeEnd),
        prev_kv: true,
      });
      return {
        revision: num(r.header.revision),
        deleted: num(r.deleted),
        prevKvs: (r.prev_kvs ?? []).map(toKv),
      };
    }),
    txn: wrap(async (req) => {
      const r = await client.kv.txn(toGrpcTxn(req));
      return {
        revision: num(r.header.revision),
        succeeded: !!r.succeeded,
        responses: ops(r.responses ?? []),
      };
    }),
    compact: wrap(async (revision) => {
      await client.kv.compact({ revision, physical: true });
    }),
    watch: async (key, opts) => {
      const stream = await client.watchClient.watch();
      const responses: any[] = [];
      stream.on('data', (d: any) => responses.push(d));
      stream.write({
        create_request: {
          key: buf(key),
          range_end: buf(opts.rangeEnd),
          start_revision: opts.startRevision,
          prev_kv: opts.prevKv,
        },
      });
      while (!responses.some((r) => r.created || r.canceled))
        await new Promise((r) => setTimeout(r, 10));
      const result = (): WatchResult => {
        const events = responses.flatMap((r) =>
          (r.events ?? []).map((e: any) => ({
            type: e.type === 'Delete' ? ('DELETE' as const) : ('PUT' as const),
            kv: toKv(e.kv),
            ...(e.prev_kv ? { prevKv: toKv(e.prev_kv) } : {}),
          })),
        );
        const compacted = responses.find((r) => num(r.compact_revision) > 0);
        return {
          events,
          canceled: responses.some((r) => r.canceled),
          ...(compacted ? { compactRevision: num(compacted.compact_revision) } : {}),
        };
      };
      const open: OpenWatch = {
        collect: async (n) => {
          for (let i = 0; i < 100 && result().events.length < n && !result().canceled; i++) {
            await new Promise((r) => setTimeout(r, 20));
          }
          await new Promise((r) => setTimeout(r, 50));
          return result();
        },
        close: async () => {
          stream.end();
        },
      };
      return open;
    },
    close: async () => {
      client.close();
      proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 100));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
