// Shapes of the meta.k8s.io/v1 Table the apiserver returns for `as=Table`
// (apimachinery pkg/apis/meta/v1/types.go Table, TableColumnDefinition, TableRow).
import { fieldDocs, type FieldDocKey } from './descriptions';

/** One column of a Table; every field is always present in the JSON. */
export interface TableColumnDefinition {
  name: string;
  /** OpenAPI type: string, integer, number, boolean, date. */
  type: string;
  /** OpenAPI format hint, e.g. `name` for the name column; '' when none. */
  format: string;
  description: string;
  /** 0 = shown by default; 1 = shown only by `kubectl get -o wide`. */
  priority: number;
}

/** metav1.TableRowCondition (only `Completed` exists upstream). */
export interface TableRowCondition {
  type: 'Completed';
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

/** One row: its cells in column order and the object (or its metadata, or null). */
export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  object: unknown;
}

/** A meta.k8s.io/v1 Table. */
export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  /** null when the client asked for noHeaders (Go's nil slice). */
  columnDefinitions: TableColumnDefinition[] | null;
  rows: TableRow[];
}

/** What a row printer needs besides the object. */
export interface PrintContext {
  /** The virtual clock, ms since the Unix epoch, for AGE cells. */
  now: number;
  /** Include the priority-1 columns' cells (the apiserver always does). */
  wide: boolean;
}

/** The cells (and optional conditions) a printer produces for one object. */
export interface PrintedRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
}

/** A resource's table handler: its columns and a row function (printers.TableHandler). */
export interface TablePrinter<T = unknown> {
  columns: TableColumnDefinition[];
  print(obj: T, ctx: PrintContext): PrintedRow;
}

/** Builds a column; `doc` picks the description from the API field docs. */
export function column(
  name: string,
  type: string,
  description: string | { doc: FieldDocKey },
  opts: { format?: string; priority?: number } = {},
): TableColumnDefinition {
  return {
    name,
    type,
    format: opts.format ?? '',
    description: typeof description === 'string' ? description : fieldDocs[description.doc],
    priority: opts.priority ?? 0,
  };
}

/** The Name column every printer starts with. */
export const nameColumn = column('Name', 'string', { doc: 'ObjectMeta.name' }, { format: 'name' });

/** The Age column (creationTimestamp as a human duration). */
export const ageColumn = column('Age', 'string', { doc: 'ObjectMeta.creationTimestamp' });

/** Wide columns shared by the workload printers. */
export const containersColumn = column(
  'Containers',
  'string',
  'Names of each container in the template.',
  {
    priority: 1,
  },
);
export const imagesColumn = column(
  'Images',
  'string',
  'Images referenced by each container in the template.',
  { priority: 1 },
);
