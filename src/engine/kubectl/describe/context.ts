// What every describer gets: a client for its follow-up reads, the clock and the settings.
import type { RestClient } from '../rest';

/** describe.DescriberSettings plus the client and clock a describer reads with. */
export interface DescribeContext {
  client: RestClient;
  /** virtual wall-clock now (Unix ms), for ages */
  now: number;
  /** --show-events (default true) */
  showEvents: boolean;
  /** --chunk-size (default 500): the limit of each list */
  chunkSize: number;
}
