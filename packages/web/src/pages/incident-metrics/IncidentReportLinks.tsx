import { type SubmitEvent, useCallback, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { fetchLessons, incidentReportPath, saveLessons } from './incident-reports-api.ts';

interface Props {
  readonly incidentId: string;
  /** Called after the lessons are saved (the case's timeline notes it). */
  readonly onChanged?: () => void;
}

/**
 * The case's report downloads (HTML and PDF, built by the server with the case's TLP marking) and the lessons
 * learned, which responders write in the post-incident phase and the report prints.
 */
export function IncidentReportLinks({ incidentId, onChanged }: Props) {
  const { can } = useSession();
  const canManage = can('incidents.manage');
  const load = useCallback(() => fetchLessons(incidentId), [incidentId]);
  const lessons = useApiData(load);
  const mutation = useMutation();
  // What the user typed, until saved; null shows the saved text.
  const [draft, setDraft] = useState<string | null>(null);
  const saved = lessons.data?.text;
  const text = draft ?? saved ?? '';

  const onSave = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if ((await mutation.run(() => saveLessons(incidentId, text))) !== undefined) {
      setDraft(null);
      lessons.reload();
      onChanged?.();
    }
  };

  return (
    <section className="panel" aria-labelledby="incident-report-title" data-testid="incident-report-links">
      <h2 id="incident-report-title">Report and lessons learned</h2>
      <p className="posture-exports">
        <span className="muted">Incident report:</span>
        <a href={incidentReportPath(incidentId, 'html')} download data-testid="incident-report-html">
          HTML
        </a>
        <a href={incidentReportPath(incidentId, 'pdf')} download data-testid="incident-report-pdf">
          PDF
        </a>
      </p>
      <ErrorMessage error={lessons.error} />
      {canManage ? (
        <form className="form-grid" aria-label="Lessons learned" onSubmit={(event) => void onSave(event)}>
          <div className="field field-wide">
            <label htmlFor="incident-lessons">Lessons learned</label>
            <textarea
              id="incident-lessons"
              rows={5}
              maxLength={50_000}
              value={text}
              onChange={(e) => setDraft(e.target.value)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" disabled={mutation.pending || lessons.data === undefined || text === saved}>
              Save lessons
            </button>
          </div>
        </form>
      ) : (
        <p className="incident-comment-body" data-testid="incident-lessons-text">
          {saved === undefined || saved.trim() === '' ? 'No lessons recorded yet.' : saved}
        </p>
      )}
      {lessons.data?.updatedAt != null && (
        <p className="muted">
          Last edited {formatDateTime(lessons.data.updatedAt)} by {lessons.data.updatedBy}
        </p>
      )}
      <ErrorMessage error={mutation.error} />
    </section>
  );
}
