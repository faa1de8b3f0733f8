import type { ComponentChildren } from 'preact';
import { ResourceView } from './resource-view';
import type { Resource } from './use-resource';

/**
 * Column headers of a console table. `actions` adds the last column, which holds the row's
 * buttons: it looks empty but is still named, so screen readers do not announce a blank header.
 */
export function TableHead({ columns, actions }: { columns: string[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <span class="sr-only">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}

/** A console table: the header row, then the body rows the caller renders. `label` names it for assistive tech. */
export function DataTable(props: { label?: string; columns: string[]; actions?: boolean; children: ComponentChildren }) {
  return (
    <table class="table" aria-label={props.label}>
      <TableHead columns={props.columns} actions={props.actions} />
      <tbody>{props.children}</tbody>
    </table>
  );
}

/**
 * A loaded list as a table: loading, error and empty states from `ResourceView`, then one row
 * per item (`children` renders the `<tr>`, with its key).
 */
export function ResourceTable<T, Row>(props: {
  resource: Resource<T>;
  rows: (data: T) => Row[];
  emptyTitle: string;
  emptyHint?: ComponentChildren;
  label?: string;
  columns: string[];
  actions?: boolean;
  children: (row: Row) => ComponentChildren;
}) {
  return (
    <ResourceView resource={props.resource} isEmpty={(d) => props.rows(d).length === 0} emptyTitle={props.emptyTitle} emptyHint={props.emptyHint}>
      {(data) => (
        <DataTable label={props.label} columns={props.columns} actions={props.actions}>
          {props.rows(data).map((row) => props.children(row))}
        </DataTable>
      )}
    </ResourceView>
  );
}
