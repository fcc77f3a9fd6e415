// Printing a server-side Table as kubectl's human-readable printer does
// (cli-runtime printers/tableprinter.go: decorateTable, printTable).
import { formatLabels } from '../api/selectors';
import type { Table } from '../api/printers/types';

export interface TablePrintOptions {
  noHeaders: boolean;
  wide: boolean;
  /** adds a NAMESPACE column first (--all-namespaces) */
  withNamespace: boolean;
  /** prefix names with `kind/` (several types were requested) */
  withKind?: string;
  showLabels: boolean;
  /** -L: one column per label key */
  labelColumns?: string[];
}

function rowMetadata(obj: unknown): { namespace?: string; labels?: Record<string, string> } {
  const m = (obj as { metadata?: { namespace?: string; labels?: Record<string, string> } } | null)
    ?.metadata;
  return m ?? {};
}

// tableprinter.go printTable: strings cut at the first line break, followed by "...".
function cellText(cell: unknown): string {
  if (cell === null || cell === undefined) return '';
  if (typeof cell === 'string') {
    const cut = cell.search(/[\f\n\r]/);
    return cut >= 0 ? cell.slice(0, cut) + '...' : cell;
  }
  return String(cell);
}

/** The tab-separated lines for a Table; `formatTabbed` aligns them. Empty for no rows. */
export function tableLines(table: Table, options: TablePrintOptions): string {
  const columns = table.columnDefinitions ?? [];
  const visible = columns
    .map((c, i) => ({ c, i }))
    .filter(({ c }) => options.wide || c.priority === 0);
  const nameIndex = columns.findIndex((c) => c.format === 'name');
  let out = '';
  if (!options.noHeaders) {
    if (table.rows.length === 0) return '';
    const headers = visible.map(({ c }) => c.name.toUpperCase());
    if (options.withNamespace) headers.unshift('NAMESPACE');
    for (const l of options.labelColumns ?? []) headers.push(l.split('/').pop()!.toUpperCase());
    if (options.showLabels) headers.push('LABELS');
    out += headers.join('\t') + '\n';
  }
  for (const row of table.rows) {
    const meta = rowMetadata(row.object);
    const cells = visible.map(({ i }) => {
      const text = cellText(row.cells[i]);
      return options.withKind && i === nameIndex ? `${options.withKind}/${text}` : text;
    });
    if (options.withNamespace) cells.unshift(meta.namespace ?? '');
    for (const l of options.labelColumns ?? []) cells.push(meta.labels?.[l] ?? '');
    if (options.showLabels) cells.push(formatLabels(meta.labels));
    out += cells.join('\t') + '\n';
  }
  return out;
}
