import type { ComponentChildren } from 'preact';
import { Empty, ErrorState, Loading } from './states';
import type { Resource } from './use-resource';

/** Loading, error, empty or the content: the same four states on every console page. */
export function ResourceView<T>(props: {
  resource: Resource<T>;
  isEmpty?: (data: T) => boolean;
  emptyTitle?: string;
  emptyHint?: ComponentChildren;
  loadingLabel?: string;
  children: (data: T) => ComponentChildren;
}) {
  const { resource } = props;
  if (resource.error && resource.data === undefined) return <ErrorState message={resource.error} onRetry={resource.reload} />;
  if (resource.data === undefined) return <Loading {...(props.loadingLabel ? { label: props.loadingLabel } : {})} />;
  if (props.isEmpty?.(resource.data)) return <Empty title={props.emptyTitle ?? 'Nothing here yet'}>{props.emptyHint}</Empty>;
  return <>{props.children(resource.data)}</>;
}
