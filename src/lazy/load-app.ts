import type * as AppModule from '../App';
import { nextTask } from './after-paint';

/**
 * Loads the page's code in the order it is needed, each part evaluated in a task of its own
 * (a long task delays input and counts as blocking time): the engine's YAML library, the
 * engine, the diagram's libraries, the collator, then the page that uses them.
 */
export async function loadApp(): Promise<typeof AppModule> {
  await import('yaml');
  await nextTask();
  await import('../engine');
  await nextTask();
  await import('@xyflow/react');
  await nextTask();
  await import('framer-motion');
  await nextTask();
  warmCollator();
  await nextTask();
  return import('../App');
}

/** The first comparison by locale loads the collation data (tens of milliseconds): done here in
 *  a task of its own, not in the middle of the diagram's first render (it sorts pods by name). */
export function warmCollator(): void {
  'a'.localeCompare('b');
}
