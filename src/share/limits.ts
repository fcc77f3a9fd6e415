/** How big a shared link may be: anything past these is ignored rather than replayed. */
export const SHARE_LIMITS = {
  /** characters after `#s=` (about what browsers and chat apps keep in a URL) */
  fragmentChars: 64 * 1024,
  /** characters of JSON once decompressed (lz-string expands at most a few times) */
  jsonChars: 512 * 1024,
  /** nesting of arrays and objects in that JSON */
  depth: 8,
  actions: 500,
  commandChars: 2_000,
  stdinChars: 64 * 1024,
  workers: 10,
  controlPlaneNodes: 5,
  labelsPerWorker: 16,
  taintsPerWorker: 8,
  /** a day of virtual time: far beyond any lesson */
  viewTimeMs: 24 * 60 * 60 * 1000,
  /** a uint32, as the engine's seeded generator takes */
  seed: 0xffff_ffff,
} as const;
