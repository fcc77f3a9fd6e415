/** How the page was asked to look and behave, from its query string. */
export interface PageParams {
  /** chrome-less: the diagram and a minimal control bar, for an iframe */
  embed: boolean;
  /** presenter mode: large text, narration as a caption, clicker keys */
  present: boolean;
  /** show the control bar (embed), default true */
  controls: boolean;
  /** show the narration caption (embed), default true */
  narration: boolean;
  /** the predict-then-run questions (off by default in embed) */
  questions: boolean;
  theme?: 'light' | 'dark';
  reduceMotion: boolean;
  /** the walkthrough to open, and the step (1-based) to open it at */
  scenario?: string;
  step?: number;
  /** the origins whose postMessage commands are obeyed; '*' for any */
  origins: readonly string[] | '*';
  /** the cluster size asked for: worker nodes (1–10) and control-plane nodes (1 or 3) */
  workers?: number;
  controlPlanes?: 1 | 3;
}

const flag = (value: string | null, fallback: boolean) =>
  value === null ? fallback : value === '1' || value === 'true';

/**
 * Reads `?embed=1&scenario=create-pod&step=3&controls=0&narration=1&theme=dark&motion=reduce
 * &questions=1&present=1&origins=https://a.example,https://b.example&workers=10&controlPlanes=3`.
 * Unknown or malformed
 * values fall back to the defaults.
 */
export function readPageParams(search: string): PageParams {
  const q = new URLSearchParams(search);
  const embed = flag(q.get('embed'), false);
  const params: PageParams = {
    embed,
    present: !embed && flag(q.get('present'), false),
    controls: flag(q.get('controls'), true),
    narration: flag(q.get('narration'), true),
    questions: flag(q.get('questions'), !embed),
    reduceMotion: q.get('motion') === 'reduce',
    origins: readOrigins(q.get('origins')),
  };
  const theme = q.get('theme');
  if (theme === 'light' || theme === 'dark') params.theme = theme;
  const scenario = q.get('scenario');
  if (scenario && /^[a-z0-9-]{1,100}$/.test(scenario)) params.scenario = scenario;
  const step = Number(q.get('step'));
  if (q.has('step') && Number.isInteger(step) && step >= 1 && step <= 1000) params.step = step;
  const workers = q.get('workers');
  if (workers && /^([1-9]|10)$/.test(workers)) params.workers = Number(workers);
  const controlPlanes = q.get('controlPlanes');
  if (controlPlanes === '1' || controlPlanes === '3')
    params.controlPlanes = Number(controlPlanes) as 1 | 3;
  return params;
}

/** `origins=*`, or a comma-separated list of origins (anything not an http(s) origin dropped). */
function readOrigins(value: string | null): readonly string[] | '*' {
  if (value === null) return [];
  if (value.trim() === '*') return '*';
  const origins: string[] = [];
  for (const part of value.split(',')) {
    try {
      const url = new URL(part.trim());
      // an origin names scheme, host and port only
      if ((url.protocol === 'https:' || url.protocol === 'http:') && url.origin === part.trim())
        origins.push(url.origin);
    } catch {
      // not a URL: ignored
    }
  }
  return origins;
}

/** Whether a message from `origin` may command the page. */
export function originAllowed(origins: PageParams['origins'], origin: string): boolean {
  return origins === '*' || origins.includes(origin);
}
