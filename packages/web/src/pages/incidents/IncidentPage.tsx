import type { IncidentDetail } from '@citysoc/core';
import { useCallback, useState } from 'react';
import { Link, useParams } from 'react-router';
import { fetchIncident } from '../../api/incidents.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useSession } from '../../session/session-context.ts';
import { ImpactSection, LinkedAlertsSection } from './AlertsAndImpactSection.tsx';
import { CommentsSection } from './CommentsSection.tsx';
import { IncidentStatusBadge, SeverityBadge } from './IncidentBadges.tsx';
import { IncidentFields } from './IncidentFields.tsx';
import { IncidentPhaseControls } from './IncidentPhaseControls.tsx';
import { ObservablesSection } from './ObservablesSection.tsx';
import { PlaybookRunsSection } from './PlaybookRunsSection.tsx';
import { SlaClockBadge, useNow } from './SlaBadge.tsx';
import { TasksSection } from './TasksSection.tsx';
import { TimelineSection } from './TimelineSection.tsx';
import { BreachSection } from './BreachSection.tsx';
import { EvidenceSection } from './EvidenceSection.tsx';
import { SharesSection } from './SharesSection.tsx';
import { IncidentReportLinks } from '../incident-metrics/IncidentReportLinks.tsx';

const REFRESH_MS = 30_000;

/**
 * /incidents/:id: the case view. The header carries the phase buttons the server allows now, the SLA clocks
 * and the editable fields; below come the linked alerts, the affected assets with their cascade impact, the
 * observables, tasks, comments and the timeline. Every change answers with the case (or is followed by a
 * reload), so what is shown is what the server holds.
 */
export function IncidentPage() {
  const { id = '' } = useParams();
  const load = useCallback(() => fetchIncident(id), [id]);
  const loaded = useApiData(load, REFRESH_MS);
  useLive(['incidents'], loaded.reload);
  // The answer of the last change, shown at once, until a load brings something newer.
  const [latest, setLatest] = useState<IncidentDetail | undefined>(undefined);
  const incident =
    latest !== undefined && (loaded.data === undefined || latest.updatedAt >= loaded.data.updatedAt)
      ? latest
      : loaded.data;
  const { can } = useSession();
  const canManage = can('incidents.manage');
  const departmentName = useDepartmentName();
  const now = useNow();

  if (incident === undefined) {
    return (
      <>
        <div className="page-header">
          <h1>Incident</h1>
          <Link to="/incidents" className="page-meta">
            Back to the queue
          </Link>
        </div>
        <ErrorMessage error={loaded.error} />
        {loaded.loading && <p className="empty-state">Loading…</p>}
      </>
    );
  }

  return (
    <>
      <div className="page-header">
        <h1 data-testid="incident-title">
          <span className="muted">{incident.ref}</span> {incident.title}
        </h1>
        <Link to="/incidents" className="page-meta">
          Back to the queue
        </Link>
      </div>
      <ErrorMessage error={loaded.error} />
      <section className="panel incident-header" aria-label="Case">
        <p className="incident-meta">
          <IncidentStatusBadge status={incident.status} /> <SeverityBadge severity={incident.severity} />{' '}
          <span className="badge">{incident.priority}</span>{' '}
          {incident.type !== null && <span className="badge">{incident.type}</span>}{' '}
          {incident.departmentId === null ? 'City-wide' : departmentName(incident.departmentId)} · opened{' '}
          {formatDateTime(incident.createdAt)} by {incident.createdBy}
        </p>
        <div className="incident-sla" aria-label="SLA">
          {incident.sla.clocks.map((clock) => (
            <SlaClockBadge key={clock.target} clock={clock} now={now} />
          ))}
        </div>
        {incident.description !== '' && <p className="incident-description">{incident.description}</p>}
        {incident.resolution !== null && (
          <p className="message message-info">
            Resolved ({incident.resolution.kind.replace('_', ' ')}): {incident.resolution.summary}
          </p>
        )}
        {incident.techniques.length > 0 && <p className="muted">ATT&amp;CK: {incident.techniques.join(', ')}</p>}
        <IncidentFields incident={incident} canManage={canManage} onChanged={setLatest} />
        {canManage && <IncidentPhaseControls incident={incident} onChanged={setLatest} />}
      </section>
      {incident.personalDataBreach !== null && (
        <BreachSection
          incidentId={incident.id}
          breach={incident.personalDataBreach}
          canManage={canManage}
          now={now}
          onChanged={setLatest}
        />
      )}
      <SharesSection incident={incident} canManage={canManage} onChanged={loaded.reload} />
      <LinkedAlertsSection alerts={incident.alerts} total={incident.alertCount} />
      <ImpactSection incident={incident} />
      <ObservablesSection
        incidentId={incident.id}
        observables={incident.observables}
        canManage={canManage}
        onChanged={loaded.reload}
      />
      <TasksSection incidentId={incident.id} tasks={incident.tasks} canManage={canManage} onChanged={loaded.reload} />
      <PlaybookRunsSection incident={incident} />
      <EvidenceSection
        incidentId={incident.id}
        evidence={incident.evidence}
        canManage={canManage}
        onChanged={loaded.reload}
      />
      <CommentsSection
        incidentId={incident.id}
        comments={incident.comments}
        canManage={canManage}
        onChanged={loaded.reload}
      />
      <IncidentReportLinks incidentId={incident.id} onChanged={loaded.reload} />
      <TimelineSection entries={incident.timeline} />
    </>
  );
}
