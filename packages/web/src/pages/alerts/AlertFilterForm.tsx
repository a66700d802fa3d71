import { useState, type SubmitEvent } from 'react';
import { listServices } from '../../api/city.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import {
  ALERT_LEVELS,
  ATTACK_TACTICS,
  type AlertFilter,
  isAlertLevel,
  RULE_ID_MAX_LENGTH,
  STATUS_CHOICES,
  type StatusChoice,
} from './alert-filters.ts';

interface AlertFilterFormProps {
  /** The filter in the page's address; the form starts from it and is re-created when it changes. */
  readonly filter: AlertFilter;
  readonly onChange: (filter: AlertFilter) => void;
}

const ALL_LEVELS = 'all';

function statusChoice(value: string): StatusChoice {
  return STATUS_CHOICES.find((choice) => choice.value === value)?.value ?? 'all';
}

/**
 * The filter bar. The selects apply at once (one click to switch queues); the rule id applies on Enter or
 * "Apply", so the list does not reload on every keystroke. A select change also applies a typed rule id,
 * which would otherwise be lost when the form is re-created.
 */
export function AlertFilterForm({ filter, onChange }: AlertFilterFormProps) {
  const [rule, setRule] = useState(filter.rule);
  // The city's services for the service filter; if they cannot be read the filter offers "All" (and keeps
  // a service named in the address).
  const services = useApiData(listServices);
  const serviceChoices = services.data ?? [];
  const unlisted = filter.service !== '' && !serviceChoices.some((service) => service.id === filter.service);

  const onSubmit = (event: SubmitEvent<HTMLFormElement>): void => {
    event.preventDefault();
    onChange({ ...filter, rule: rule.trim() });
  };

  return (
    <form className="search-form" role="search" aria-label="Filter alerts" onSubmit={onSubmit}>
      <div className="field">
        <label htmlFor="alert-status">Status</label>
        <select
          id="alert-status"
          name="status"
          value={filter.status}
          onChange={(event) => onChange({ ...filter, status: statusChoice(event.target.value), rule: rule.trim() })}
        >
          {STATUS_CHOICES.map((choice) => (
            <option key={choice.value} value={choice.value}>
              {choice.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="alert-level">Level</label>
        <select
          id="alert-level"
          name="level"
          value={filter.level ?? ALL_LEVELS}
          onChange={(event) => {
            const level = event.target.value;
            onChange({ ...filter, level: isAlertLevel(level) ? level : null, rule: rule.trim() });
          }}
        >
          <option value={ALL_LEVELS}>All</option>
          {ALERT_LEVELS.map((level) => (
            <option key={level} value={level}>
              {level}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="alert-tactic">ATT&amp;CK tactic</label>
        <select
          id="alert-tactic"
          name="tactic"
          value={filter.tactic}
          onChange={(event) => onChange({ ...filter, tactic: event.target.value, rule: rule.trim() })}
        >
          <option value="">All</option>
          {ATTACK_TACTICS.map((tactic) => (
            <option key={tactic.value} value={tactic.value}>
              {tactic.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="alert-service">City service</label>
        <select
          id="alert-service"
          name="service"
          value={filter.service}
          onChange={(event) => onChange({ ...filter, service: event.target.value, rule: rule.trim() })}
        >
          <option value="">All</option>
          {unlisted && <option value={filter.service}>{filter.service}</option>}
          {serviceChoices.map((service) => (
            <option key={service.id} value={service.id}>
              {service.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field alert-rule-field">
        <label htmlFor="alert-rule">Rule id</label>
        <input
          id="alert-rule"
          name="rule"
          type="search"
          className="mono"
          autoComplete="off"
          spellCheck={false}
          maxLength={RULE_ID_MAX_LENGTH}
          placeholder="Any rule"
          value={rule}
          onChange={(event) => setRule(event.target.value)}
        />
      </div>
      <button type="submit" className="search-button">
        Apply
      </button>
    </form>
  );
}
