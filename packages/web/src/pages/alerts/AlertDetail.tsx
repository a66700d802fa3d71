import type { Alert } from '@citysoc/core';
import { Link } from 'react-router';
import { DetailItem as Item } from '../../components/DetailItem.tsx';
import { EventAssetContext } from '../city/EventAssetContext.tsx';
import { formatDateTime, formatEventTime } from '../../format.ts';
import { classifyTag, matchedEventPath, matchingEventsPath } from './alert-display.ts';
import { LevelBadge, StatusBadge, STATUS_LABELS } from './AlertBadges.tsx';
import { AlertExplanationPanel } from './AlertExplanationPanel.tsx';
import { AlertReferences } from './AlertReferences.tsx';
import { EscalateToIncident } from '../incidents/EscalateToIncident.tsx';
import { AlertTriageButtons } from './AlertTriageButtons.tsx';
import { RuleTags } from './RuleTags.tsx';

interface AlertDetailProps {
  readonly alert: Alert;
  readonly departmentName: (id: string) => string;
  /** Whether the session holds alerts.triage: without it the triage buttons are not shown at all. */
  readonly canTriage: boolean;
  /** Whether the session holds events.read, which "why it matched" needs (it shows event values). */
  readonly canReadEvents: boolean;
  readonly onChanged: (updated: Alert, done: string) => void;
  /** Narrows the page to alerts raised by this rule. */
  readonly onFilterRule: (ruleId: string) => void;
}

function FalsePositives({ items }: { items: readonly string[] }) {
  if (items.length === 0) return <span className="muted">None listed</span>;
  return (
    <ul className="plain-list">
      {items.map((item, index) => (
        <li key={`${index}:${item}`}>{item}</li>
      ))}
    </ul>
  );
}

function statusHistory(alert: Alert): string {
  if (alert.statusChangedAt === null) return `${STATUS_LABELS[alert.status]} since raised`;
  const by = alert.statusChangedBy === null ? '' : ` by ${alert.statusChangedBy}`;
  return `${STATUS_LABELS[alert.status]}, set${by} at ${formatDateTime(alert.statusChangedAt)}`;
}

/** Everything about one alert: the rule that fired (with its attribution), the event it matched, triage. */
export function AlertDetail({
  alert,
  departmentName,
  canTriage,
  canReadEvents,
  onChanged,
  onFilterRule,
}: AlertDetailProps) {
  const { rule, event } = alert;
  const titleId = `alert-${alert.id}-title`;
  return (
    <section className="alert-detail" data-testid="alert-detail" aria-labelledby={titleId}>
      <div className="alert-detail-header">
        <h2 id={titleId} className="alert-detail-title">
          {rule.title}
        </h2>
        <LevelBadge level={alert.level} />
        <StatusBadge status={alert.status} />
      </div>
      <p className="alert-description">{rule.description ?? <span className="muted">No description.</span>}</p>
      <div className="alert-detail-columns">
        <dl className="detail-list" aria-label="Rule">
          <Item label="Rule id">
            <code className="break-anywhere">{rule.id}</code>
            <button type="button" className="button-link" onClick={() => onFilterRule(rule.id)}>
              Alerts of this rule
            </button>
          </Item>
          <Item label="Rule author">{rule.author}</Item>
          <Item label="ATT&CK">
            <RuleTags tags={rule.tags} kinds="attack" />
          </Item>
          {rule.tags.some((tag) => classifyTag(tag).kind === 'other') && (
            <Item label="Other tags">
              <RuleTags tags={rule.tags} kinds="other" />
            </Item>
          )}
          <Item label="False positives">
            <FalsePositives items={rule.falsepositives} />
          </Item>
          <Item label="References">
            <AlertReferences references={rule.references} />
          </Item>
        </dl>
        <dl className="detail-list" aria-label="Matched event">
          <Item label="Event time">{formatEventTime(alert.timestamp)}</Item>
          <Item label="Raised">{formatDateTime(alert.createdAt)}</Item>
          <Item label="Department">
            {alert.departmentId === null ? 'City-wide' : departmentName(alert.departmentId)}
          </Item>
          <Item label="Source">{event.source}</Item>
          <Item label="Host">{event.hostName}</Item>
          <Item label="Device">{event.deviceId}</Item>
          <Item label="Source IP">{event.sourceIp}</Item>
          <Item label="Destination IP">{event.destinationIp}</Item>
          <Item label="User">{event.userName}</Item>
          <Item label="Event id">
            <code className="break-anywhere">{alert.eventId}</code>
          </Item>
          <Item label="Status">{statusHistory(alert)}</Item>
        </dl>
      </div>
      <AlertExplanationPanel alertId={alert.id} canReadEvents={canReadEvents} />
      <EventAssetContext assetId={event.assetId} serviceIds={event.serviceIds} />
      <div className="alert-detail-footer">
        <Link to={matchedEventPath(alert.eventId)}>Show the matched event</Link>
        <Link to={matchingEventsPath(event)}>Show matching events</Link>
        {canTriage && <AlertTriageButtons alert={alert} onChanged={onChanged} />}
        {alert.status !== 'escalated' && <EscalateToIncident alertIds={[alert.id]} defaultTitle={alert.title} />}
      </div>
    </section>
  );
}
