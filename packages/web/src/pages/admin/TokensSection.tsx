import type { ApiToken, CreatedApiToken } from '@citysoc/core';
import { useState } from 'react';
import { listTokens, revokeToken } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useAdminContext } from './admin-context.ts';
import { CreateTokenForm } from './CreateTokenForm.tsx';
import { NewTokenSecret } from './NewTokenSecret.tsx';

type TokenStatus = 'active' | 'revoked' | 'expired';

function statusOf(token: ApiToken, now: Date): TokenStatus {
  if (token.revokedAt !== null) return 'revoked';
  if (token.expiresAt !== null && new Date(token.expiresAt) <= now) return 'expired';
  return 'active';
}

const STATUS_LABEL: Readonly<Record<TokenStatus, string>> = {
  active: 'Active',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** API tokens for machines (log shippers, sensors, TAXII peers); only tokens.manage reaches this tab. */
export function TokensSection() {
  const { departmentName } = useAdminContext();
  const tokens = useApiData(listTokens);
  const revocation = useMutation();
  const [created, setCreated] = useState<CreatedApiToken | undefined>(undefined);
  const list = tokens.data ?? [];
  const now = new Date();

  const onCreated = (result: CreatedApiToken): void => {
    setCreated(result);
    tokens.reload();
  };

  const onRevoke = async (token: ApiToken): Promise<void> => {
    if (
      !window.confirm(`Revoke the token "${token.name}" (${token.prefix}…)? Clients using it stop working at once.`)
    ) {
      return;
    }
    const revoked = await revocation.run(() => revokeToken(token.id));
    if (revoked !== undefined) tokens.reload();
  };

  return (
    <section aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      {created !== undefined && <NewTokenSecret created={created} onDismiss={() => setCreated(undefined)} />}
      <CreateTokenForm onCreated={onCreated} />
      <ErrorMessage error={tokens.error} />
      <ErrorMessage error={revocation.error} />
      {tokens.loading && tokens.data === undefined ? (
        <p className="empty-state">Loading tokens…</p>
      ) : list.length === 0 ? (
        <p className="empty-state">No API tokens yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Prefix</th>
              <th scope="col">Scope</th>
              <th scope="col">Department</th>
              <th scope="col">Created by</th>
              <th scope="col">Created</th>
              <th scope="col">Expires</th>
              <th scope="col">Last used</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {list.map((token) => {
              const status = statusOf(token, now);
              return (
                <tr key={token.id} className={status === 'active' ? undefined : 'row-muted'}>
                  <td>{token.name}</td>
                  <td className="mono">{token.prefix}…</td>
                  <td>{token.scope}</td>
                  <td>{token.departmentId === null ? 'City-wide' : departmentName(token.departmentId)}</td>
                  <td>{token.createdBy}</td>
                  <td className="nowrap">{formatDateTime(token.createdAt)}</td>
                  <td className="nowrap">{formatDateTime(token.expiresAt, 'Never')}</td>
                  <td className="nowrap">{formatDateTime(token.lastUsedAt)}</td>
                  <td>
                    <span className={status === 'active' ? 'badge badge-good' : 'badge badge-bad'}>
                      {STATUS_LABEL[status]}
                    </span>
                  </td>
                  <td>
                    {token.revokedAt === null && (
                      <button
                        type="button"
                        className="button-danger button-small"
                        disabled={revocation.pending}
                        onClick={() => void onRevoke(token)}
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
