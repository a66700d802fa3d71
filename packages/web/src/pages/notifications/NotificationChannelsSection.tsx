import { NotificationSeverity, WebhookFormat, type DeliveryView, type NotificationChannelView } from '@citysoc/core';
import { type FormEvent, useState } from 'react';
import { DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useAdminContext } from '../admin/admin-context.ts';
import { parseKinds } from './notification-display.ts';
import {
  createChannel,
  deleteChannel,
  listChannels,
  listDeliveries,
  testChannel,
  updateChannel,
} from './notifications-api.ts';

const FORMAT_LABELS: Readonly<Record<WebhookFormat, string>> = {
  json: 'CitySOC JSON',
  slack: 'Slack-compatible (text + blocks)',
  teams: 'Teams / Mattermost (text)',
};
const CITY_WIDE = '';
const loadFailures = () => listDeliveries('failed');

/** Administration → Notification channels: webhooks to chat rooms and ticketing, and failed deliveries. */
export function NotificationChannelsSection() {
  const { departmentName } = useAdminContext();
  const channels = useApiData(listChannels);
  const failures = useApiData(loadFailures);
  const action = useMutation();
  const [tested, setTested] = useState<{ channel: string; delivery: DeliveryView } | null>(null);

  const toggle = async (channel: NotificationChannelView): Promise<void> => {
    if ((await action.run(() => updateChannel(channel.id, { enabled: !channel.enabled }))) !== undefined) {
      channels.reload();
    }
  };
  const test = async (channel: NotificationChannelView): Promise<void> => {
    const delivery = await action.run(() => testChannel(channel.id));
    if (delivery !== undefined) {
      setTested({ channel: channel.name, delivery });
      failures.reload();
    }
  };
  const remove = async (channel: NotificationChannelView): Promise<void> => {
    if (!window.confirm(`Delete the channel "${channel.name}"? It receives nothing more.`)) return;
    if ((await action.run(() => deleteChannel(channel.id))) !== undefined) channels.reload();
  };

  return (
    <section aria-labelledby="channels-title">
      <h2 id="channels-title">Notification channels</h2>
      <p className="muted">
        Webhooks that receive notifications of their department (or every department), from a minimum severity. Calls
        are signed (X-CitySOC-Signature, HMAC-SHA256) when a secret is set, and retried with back-off.
      </p>
      <CreateChannelForm onCreated={channels.reload} />
      <ErrorMessage error={channels.error} />
      <ErrorMessage error={action.error} />
      {tested !== null && (
        <p className={tested.delivery.status === 'sent' ? 'message' : 'message message-error'} role="status">
          Test of “{tested.channel}”: {tested.delivery.status}
          {tested.delivery.httpStatus !== null && ` (HTTP ${tested.delivery.httpStatus})`}
          {tested.delivery.error !== null && ` — ${tested.delivery.error}`}
        </p>
      )}
      {(channels.data ?? []).length === 0 ? (
        <p className="empty-state">{channels.loading ? 'Loading channels…' : 'No channels yet.'}</p>
      ) : (
        <DataTable
          label="Notification channels"
          rows={channels.data ?? []}
          rowKey={(channel) => channel.id}
          rowClassName={(channel) => (channel.enabled ? undefined : 'row-muted')}
          columns={[
            { header: 'Name', cell: (c) => c.name },
            { header: 'Address', cell: (c) => c.url, className: 'mono' },
            { header: 'Format', cell: (c) => FORMAT_LABELS[c.format] },
            {
              header: 'Department',
              cell: (c) => (c.departmentId === null ? 'City-wide' : departmentName(c.departmentId)),
            },
            { header: 'Kinds', cell: (c) => c.kinds.join(', '), className: 'mono' },
            { header: 'From', cell: (c) => c.minSeverity },
            { header: 'Signed', cell: (c) => (c.hasSecret ? 'Yes' : 'No') },
            {
              header: 'Actions',
              cell: (c) => (
                <>
                  <button
                    type="button"
                    className="button-secondary button-small"
                    disabled={action.pending}
                    onClick={() => void test(c)}
                  >
                    Send test
                  </button>{' '}
                  <button
                    type="button"
                    className="button-secondary button-small"
                    disabled={action.pending}
                    onClick={() => void toggle(c)}
                  >
                    {c.enabled ? 'Disable' : 'Enable'}
                  </button>{' '}
                  <button
                    type="button"
                    className="button-danger button-small"
                    disabled={action.pending}
                    onClick={() => void remove(c)}
                  >
                    Delete
                  </button>
                </>
              ),
            },
          ]}
        />
      )}
      <h3>Failed deliveries</h3>
      <ErrorMessage error={failures.error} />
      {(failures.data ?? []).length === 0 ? (
        <p className="empty-state">No failed e-mails or webhook calls.</p>
      ) : (
        <DataTable
          label="Failed deliveries"
          rows={failures.data ?? []}
          rowKey={(d) => d.id}
          columns={[
            { header: 'When', cell: (d) => formatDateTime(d.createdAt), className: 'nowrap' },
            { header: 'Channel', cell: (d) => d.channel },
            { header: 'To', cell: (d) => d.target },
            { header: 'Notification', cell: (d) => d.title },
            { header: 'Attempts', cell: (d) => d.attempts, className: 'numeric' },
            { header: 'Error', cell: (d) => d.error ?? '' },
          ]}
        />
      )}
    </section>
  );
}

function CreateChannelForm({ onCreated }: { onCreated: () => void }) {
  const { departments } = useAdminContext();
  const [name, setName] = useState('');
  const [url, setUrl] = useState('');
  const [format, setFormat] = useState<WebhookFormat>('json');
  const [departmentId, setDepartmentId] = useState(CITY_WIDE);
  const [kinds, setKinds] = useState('*');
  const [minSeverity, setMinSeverity] = useState<NotificationSeverity>('high');
  const [secret, setSecret] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation();

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const parsed = parseKinds(kinds);
    if (parsed.invalid.length > 0 || parsed.kinds.length === 0) {
      setProblem(`Kinds: ${parsed.invalid.join(', ') || 'name at least one'} (e.g. alert.*, incident.sla_breached, *)`);
      return;
    }
    setProblem(null);
    const created = await mutation.run(() =>
      createChannel({
        name,
        url,
        format,
        departmentId: departmentId === CITY_WIDE ? null : departmentId,
        kinds: parsed.kinds,
        minSeverity,
        secret: secret === '' ? null : secret,
      }),
    );
    if (created === undefined) return;
    setName('');
    setUrl('');
    setSecret('');
    onCreated();
  };

  return (
    <form className="panel form-grid" onSubmit={(event) => void onSubmit(event)} aria-labelledby="new-channel-title">
      <h3 id="new-channel-title">New channel</h3>
      <div className="field">
        <label htmlFor="channel-name">Name</label>
        <input id="channel-name" required maxLength={100} value={name} onChange={(e) => setName(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="channel-url">Webhook address</label>
        <input
          id="channel-url"
          type="url"
          required
          placeholder="https://chat.city.example/hooks/…"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="channel-format">Format</label>
        <select id="channel-format" value={format} onChange={(e) => setFormat(WebhookFormat.parse(e.target.value))}>
          {WebhookFormat.options.map((option) => (
            <option key={option} value={option}>
              {FORMAT_LABELS[option]}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="channel-department">Department</label>
        <select id="channel-department" value={departmentId} onChange={(e) => setDepartmentId(e.target.value)}>
          <option value={CITY_WIDE}>City-wide (every department)</option>
          {(departments.data ?? []).map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="channel-kinds">Kinds</label>
        <input id="channel-kinds" value={kinds} onChange={(e) => setKinds(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="channel-severity">From severity</label>
        <select
          id="channel-severity"
          value={minSeverity}
          onChange={(e) => setMinSeverity(NotificationSeverity.parse(e.target.value))}
        >
          {NotificationSeverity.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="channel-secret">Signing secret (optional, 16+ characters)</label>
        <input
          id="channel-secret"
          type="password"
          autoComplete="new-password"
          minLength={16}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={mutation.pending}>
          Add channel
        </button>
      </div>
      {problem !== null && (
        <p className="message message-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={mutation.error} />
    </form>
  );
}
