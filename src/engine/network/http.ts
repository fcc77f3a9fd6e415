/** An HTTP request as it reaches a pod's container. */
export interface HttpRequest {
  method: string;
  /** the Host header (the name or address the client used) */
  host: string;
  port: number;
  path: string;
}

/** What a container answered. */
export interface HttpResponse {
  status: number;
  statusText: string;
  body: string;
}

/** The pod a connection was delivered to. */
export interface ServingPod {
  namespace: string;
  name: string;
  node: string;
  ip: string;
}

/**
 * How a pod's containers answer HTTP: a response, or `refused` when nothing listens on the
 * port (the kernel answers the SYN with a reset). Container behaviours (nginx, agnhost…) can
 * plug in here; the default is every pod serving `200 OK` with its own name, as
 * agnhost's `/hostname` does.
 */
export type HttpServer = (pod: ServingPod, request: HttpRequest) => HttpResponse | 'refused';

export const hostnameServer: HttpServer = (pod) => ({
  status: 200,
  statusText: 'OK',
  body: pod.name,
});
