// The contract between kubectl and whoever runs it (the simulated cluster, a test).
import type { ApiRequest, ApiResponse } from '../api/types';

export interface KubectlContext {
  /** one REST request, synchronous (the cluster runs its virtual clock until the answer) */
  request(
    req: ApiRequest,
  ): { ok: true; response: ApiResponse } | { ok: false; error: 'refused' | 'timeout' | 'reset' };
  /**
   * A watch (query watch=1 is added for you) running for durationMs of virtual time, or until
   * `until` returns true for an event (as a watch whose condition is met is closed).
   */
  watch(
    req: ApiRequest,
    durationMs: number,
    until?: (event: { type: string; object: unknown }) => boolean,
  ): { response?: ApiResponse; error?: string; events: { type: string; object: unknown }[] };
  /** wall-clock now in Unix ms (virtual), for AGE columns */
  now(): number;
  /** e.g. 'https://control-plane-1:6443', for connection error messages */
  server: string;
  /** the kubeconfig context's namespace, 'default' */
  namespace: string;
  /** optional resolved address of the server ('10.0.0.11:6443') for dial error messages */
  serverAddress?: string;
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}
