/** Virtual time as the clock shows it: seconds with millisecond precision. */
export function formatVirtualTime(ms: number): string {
  return `${(Math.floor(ms) / 1000).toFixed(3)} s`;
}

/** A speed as a multiplier label: 0.1×, 1×, 25×. */
export function formatSpeed(speed: number): string {
  return `${speed}×`;
}
