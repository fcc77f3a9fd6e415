// Server-side printing: the meta.k8s.io/v1 Table kube-apiserver returns for
// `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (pkg/printers/tablegenerator.go,
// apiserver pkg/endpoints/handlers/response.go asTable, pkg/registry/rest/table.go).
import type { KubeObject } from '../types';
import { clusterPrinters } from './registry';
import { rfc3339 } from './format';
import {
  column,
  nameColumn,
  type PrintContext,
  type Table,
  type TablePrinter,
  type TableRow,
} from './types';

/** TableOptions.includeObject: what each row carries besides its cells. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface PrintTableOptions {
  /** The virtual clock, ms since the Unix epoch. */
  now: number;
  /** Include priority-1 cells; the apiserver always generates wide tables, so default true. */
  wide?: boolean;
  /** Defaults to Metadata (PartialObjectMetadata rows), as the apiserver does. */
  includeObject?: IncludeObject;
  /** Omit columnDefinitions (TableOptions.noHeaders, used for later watch events). */
  noHeaders?: boolean;
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}

// pkg/registry/rest/table.go defaultTableConvertor: NAME and CREATED AT for everything else.
const defaultPrinter: TablePrinter<KubeObject> = {
  columns: [nameColumn, column('Created At', 'date', { doc: 'ObjectMeta.creationTimestamp' })],
  print(obj) {
    return { cells: [obj.metadata?.name ?? '', rfc3339(obj.metadata?.creationTimestamp)] };
  },
};

/** The printer for a resource (plural, lower case), or the default NAME/CREATED AT one. */
export function printerFor(resource: string): TablePrinter<KubeObject> {
  return (clusterPrinters[resource] as TablePrinter<KubeObject> | undefined) ?? defaultPrinter;
}

function rowObject(obj: KubeObject, includeObject: IncludeObject): unknown {
  switch (includeObject) {
    case 'None':
      return null;
    case 'Object':
      return obj;
    case 'Metadata':
      // meta.AsPartialObjectMetadata keeps the whole ObjectMeta
      return {
        kind: 'PartialObjectMetadata',
        apiVersion: 'meta.k8s.io/v1',
        metadata: obj.metadata,
      };
  }
}

/**
 * Renders objects of one resource as a Table, e.g.
 * `printTable('pods', [pod], { now: c.now(), resourceVersion: '42' })`.
 * Rows keep the order of `objects`.
 */
export function printTable(
  resource: string,
  objects: readonly KubeObject[],
  options: PrintTableOptions,
): Table {
  const printer = printerFor(resource);
  const ctx: PrintContext = { now: options.now, wide: options.wide ?? true };
  const includeObject = options.includeObject ?? 'Metadata';
  const rows: TableRow[] = objects.map((obj) => {
    const printed = printer.print(obj, ctx);
    const row: TableRow = { cells: printed.cells, object: rowObject(obj, includeObject) };
    if (printed.conditions) row.conditions = printed.conditions;
    return row;
  });
  const metadata: Table['metadata'] = {};
  if (options.resourceVersion !== undefined) metadata.resourceVersion = options.resourceVersion;
  if (options.continue) metadata.continue = options.continue;
  if (options.remainingItemCount !== undefined) {
    metadata.remainingItemCount = options.remainingItemCount;
  }
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata,
    columnDefinitions: options.noHeaders
      ? null
      : printer.columns.filter((c) => ctx.wide || c.priority === 0),
    rows,
  };
}
