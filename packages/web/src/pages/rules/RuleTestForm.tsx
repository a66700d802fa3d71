import type { RuleTestResult } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { testRule } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { DEFAULT_RULE_TEST_RANGE, RULE_TEST_RANGES } from './rule-display.ts';
import { RuleTestResultPanel } from './RuleTestResultPanel.tsx';

/** The server refuses larger rule texts; the box stops there rather than sending a request bound to fail. */
const YAML_MAX_LENGTH = 256 * 1024;

/** "Test a rule": runs pasted Sigma YAML over stored events without raising alerts, and shows what matched. */
export function RuleTestForm() {
  const [yaml, setYaml] = useState('');
  const [from, setFrom] = useState(DEFAULT_RULE_TEST_RANGE);
  const [result, setResult] = useState<RuleTestResult | undefined>(undefined);
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setResult(undefined);
    const answer = await mutation.run(() => testRule({ yaml, from }));
    if (answer !== undefined) setResult(answer);
  };

  return (
    <section className="panel" aria-labelledby="rule-test-title">
      <h2 id="rule-test-title">Test a rule</h2>
      <form className="form-grid" onSubmit={(event) => void onSubmit(event)} aria-labelledby="rule-test-title">
        <div className="field field-wide">
          <label htmlFor="rule-test-yaml">Sigma rule (YAML)</label>
          <textarea
            id="rule-test-yaml"
            className="mono rule-yaml"
            required
            rows={14}
            spellCheck={false}
            autoComplete="off"
            maxLength={YAML_MAX_LENGTH}
            aria-describedby="rule-test-hint"
            value={yaml}
            onChange={(event) => setYaml(event.target.value)}
          />
          <small id="rule-test-hint">Runs over stored events without raising alerts.</small>
        </div>
        <div className="field">
          <label htmlFor="rule-test-range">Time range</label>
          <select id="rule-test-range" value={from} onChange={(event) => setFrom(event.target.value)}>
            {RULE_TEST_RANGES.map((range) => (
              <option key={range.from} value={range.from}>
                {range.label}
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending || yaml.trim() === ''}>
            Run test
          </button>
          {mutation.pending && (
            <span className="muted" role="status">
              Testing…
            </span>
          )}
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
      {result !== undefined && <RuleTestResultPanel result={result} />}
    </section>
  );
}
