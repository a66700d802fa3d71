import type { Department, RuleUploadReport } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { MAX_RULE_YAML_BYTES, refusalsOf, uploadRules } from './rules-api.ts';
import { RuleRefusalTable } from './RuleRefusalTable.tsx';

const CITY = '';

function UploadReport({ report }: { report: RuleUploadReport }) {
  return (
    <div data-testid="rule-upload-report">
      <p role="status">
        {report.loaded.toLocaleString()} accepted, {report.rejected.toLocaleString()} refused.
        {report.accepted.length > 0 &&
          ` Now running: ${report.accepted.map((a) => `${a.id}${a.replaced ? ' (replaced)' : ''}`).join(', ')}.`}
      </p>
      {report.rejections.length > 0 && <RuleRefusalTable refused={report.rejections} label="Refused documents" />}
    </div>
  );
}

/** "Upload rules": Sigma YAML (one or many documents) validated by the server and run at once if accepted. */
export function RuleUploadForm({
  departments,
  onUploaded,
}: {
  departments: readonly Department[];
  onUploaded: () => void;
}) {
  const [yaml, setYaml] = useState('');
  const [department, setDepartment] = useState(CITY);
  const [report, setReport] = useState<RuleUploadReport | undefined>(undefined);
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setReport(undefined);
    const answer = await mutation.run(() => uploadRules(yaml, department === CITY ? null : department));
    if (answer !== undefined) {
      setReport(answer);
      onUploaded();
    }
  };
  // A refused upload (400) carries its report: show the reasons rather than only "no rule was accepted".
  const refused = report ?? refusalsOf(mutation.error?.details);

  return (
    <section className="panel" aria-labelledby="rule-upload-title">
      <h2 id="rule-upload-title">Upload rules</h2>
      <form className="form-grid" onSubmit={(event) => void onSubmit(event)} aria-labelledby="rule-upload-title">
        <div className="field field-wide">
          <label htmlFor="rule-upload-yaml">
            Sigma YAML (rules, correlations, filters; documents separated by ---)
          </label>
          <textarea
            id="rule-upload-yaml"
            className="mono rule-yaml"
            required
            rows={12}
            spellCheck={false}
            autoComplete="off"
            maxLength={MAX_RULE_YAML_BYTES}
            value={yaml}
            onChange={(event) => setYaml(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="rule-upload-department">Applies to</label>
          <select
            id="rule-upload-department"
            value={department}
            onChange={(event) => setDepartment(event.target.value)}
          >
            <option value={CITY}>City-wide</option>
            {departments.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name} only
              </option>
            ))}
          </select>
        </div>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending || yaml.trim() === ''}>
            Upload
          </button>
        </div>
        <ErrorMessage error={mutation.error} />
      </form>
      {refused !== undefined && <UploadReport report={refused} />}
    </section>
  );
}
