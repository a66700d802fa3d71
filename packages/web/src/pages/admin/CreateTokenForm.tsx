import { TokenScope, type CreatedApiToken } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { createToken } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import { useAdminContext } from './admin-context.ts';

/** What each scope lets a machine do, shown next to the select so nobody hands out `admin` by accident. */
const SCOPE_HINTS: Readonly<Record<TokenScope, string>> = {
  ingest: 'Sends events and backup reports (log shippers, sensors, backup systems).',
  read: 'Reads figures, departments and the audit log (reporting scripts).',
  taxii: 'Exchanges threat intelligence with TAXII peers.',
  blocklist: 'Fetches blocklists and nothing else (firewalls, DNS resolvers, proxies).',
  admin: 'Everything an administrator may do. Use sparingly.',
  privacy: 'Asks for data-access decisions (/api/privacy/decision) and nothing else.',
};

// The select's value for "no department": an empty string, since option values are strings, never null.
const CITY_WIDE = '';

export function CreateTokenForm({ onCreated }: { onCreated: (created: CreatedApiToken) => void }) {
  const { session } = useSession();
  const { departments } = useAdminContext();
  const [name, setName] = useState('');
  const [scope, setScope] = useState<TokenScope>('ingest');
  const [departmentId, setDepartmentId] = useState(
    session.cityWide ? CITY_WIDE : (session.user.departmentIds[0] ?? ''),
  );
  const [expiresInDays, setExpiresInDays] = useState('');
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    const days = expiresInDays.trim() === '' ? null : Number(expiresInDays);
    const created = await mutation.run(() =>
      createToken({
        name: name.trim(),
        scope,
        departmentId: departmentId === CITY_WIDE ? null : departmentId,
        expiresInDays: days,
      }),
    );
    if (created === undefined) return;
    setName('');
    setExpiresInDays('');
    onCreated(created);
  };

  return (
    <form className="panel form-grid" onSubmit={(event) => void onSubmit(event)} aria-labelledby="new-token-title">
      <h3 id="new-token-title">New API token</h3>
      <div className="field">
        <label htmlFor="token-name">Token name</label>
        <input
          id="token-name"
          required
          value={name}
          placeholder="e.g. water-plant syslog shipper"
          onChange={(event) => setName(event.target.value)}
        />
      </div>
      <div className="field">
        <label htmlFor="token-scope">Scope</label>
        <select
          id="token-scope"
          value={scope}
          aria-describedby="token-scope-hint"
          onChange={(event) => setScope(TokenScope.parse(event.target.value))}
        >
          {TokenScope.options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        <small id="token-scope-hint">{SCOPE_HINTS[scope]}</small>
      </div>
      <div className="field">
        <label htmlFor="token-department">Token department</label>
        <select id="token-department" value={departmentId} onChange={(event) => setDepartmentId(event.target.value)}>
          {session.cityWide && <option value={CITY_WIDE}>City-wide</option>}
          {(departments.data ?? []).map((department) => (
            <option key={department.id} value={department.id}>
              {department.name}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="token-expires">Expires in days</label>
        <input
          id="token-expires"
          type="number"
          min={1}
          max={3650}
          step={1}
          placeholder="Never"
          value={expiresInDays}
          onChange={(event) => setExpiresInDays(event.target.value)}
        />
      </div>
      <div className="form-actions">
        <button type="submit" className="button-primary" disabled={mutation.pending}>
          Create token
        </button>
      </div>
      <ErrorMessage error={mutation.error} />
    </form>
  );
}
