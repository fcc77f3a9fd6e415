import { useId } from 'react';

import { componentName } from '../diagram/labels';
import type { HopFilter } from './hop-filter';
import { filtering, NO_FILTER } from './hop-filter';

/** The hop log's filters: component, verb, resource text, errors only, hide background. */
export function HopFilters(props: {
  filter: HopFilter;
  onChange: (filter: HopFilter) => void;
  components: readonly string[];
  verbs: readonly string[];
}) {
  const { filter, onChange } = props;
  const id = useId();
  const set = <K extends keyof HopFilter>(key: K, value: HopFilter[K]) =>
    onChange({ ...filter, [key]: value });
  return (
    <fieldset className="hop-filters">
      <legend>Filter hops</legend>
      <label htmlFor={`${id}-component`}>Component</label>
      <select
        id={`${id}-component`}
        value={filter.component}
        onChange={(e) => set('component', e.target.value)}
      >
        <option value="">All components</option>
        {/* a chosen component stays offered after its hops leave the log */}
        {withChosen(props.components, filter.component).map((c) => (
          <option key={c} value={c}>
            {componentName(c)}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-verb`}>Verb</label>
      <select id={`${id}-verb`} value={filter.verb} onChange={(e) => set('verb', e.target.value)}>
        <option value="">All verbs</option>
        {withChosen(props.verbs, filter.verb).map((v) => (
          <option key={v} value={v}>
            {v}
          </option>
        ))}
      </select>
      <label htmlFor={`${id}-resource`}>Resource</label>
      <input
        id={`${id}-resource`}
        type="search"
        placeholder="pods, leases, nginx…"
        value={filter.resource}
        onChange={(e) => set('resource', e.target.value)}
      />
      <span className="hop-filter-checks">
        <label>
          <input
            type="checkbox"
            checked={filter.errorsOnly}
            onChange={(e) => set('errorsOnly', e.target.checked)}
          />{' '}
          Errors only
        </label>
        <label title="Leases, node status heartbeats, Raft heartbeats and resyncs">
          <input
            type="checkbox"
            checked={filter.hideBackground}
            onChange={(e) => set('hideBackground', e.target.checked)}
          />{' '}
          Hide background
        </label>
        {filtering(filter) && (
          <button type="button" onClick={() => onChange(NO_FILTER)}>
            Clear filters
          </button>
        )}
      </span>
    </fieldset>
  );
}

function withChosen(list: readonly string[], chosen: string): readonly string[] {
  return chosen && !list.includes(chosen) ? [...list, chosen] : list;
}
