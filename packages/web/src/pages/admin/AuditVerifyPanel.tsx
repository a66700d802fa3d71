import type { AuditVerification } from '@citysoc/core';
import { useState } from 'react';
import { verifyAudit } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

function VerificationResult({ result }: { result: AuditVerification }) {
  if (result.ok) {
    return (
      <p className="message message-good" role="status" data-testid="audit-verify-result">
        Chain intact: {result.entries.toLocaleString()} entries verified up to #{result.headSeq}.
      </p>
    );
  }
  const broken = result.firstBroken;
  return (
    <p className="message message-error" role="status" data-testid="audit-verify-result">
      Chain broken
      {broken === null ? '.' : ` at entry #${broken.seq}: ${broken.reason}.`} {result.entries.toLocaleString()} entries
      checked. Entries from there on cannot be trusted; investigate the database.
    </p>
  );
}

/** Walks the whole hash chain on the server; a read, but run on demand because it touches every entry. */
export function AuditVerifyPanel() {
  const [result, setResult] = useState<AuditVerification | undefined>(undefined);
  const [checkedAt, setCheckedAt] = useState<Date | undefined>(undefined);
  const mutation = useMutation();

  const onVerify = async (): Promise<void> => {
    const verification = await mutation.run(verifyAudit);
    if (verification === undefined) return;
    setResult(verification);
    setCheckedAt(new Date());
  };

  return (
    <div className="panel verify-panel">
      <button type="button" className="button-primary" onClick={() => void onVerify()} disabled={mutation.pending}>
        Verify chain
      </button>
      {mutation.pending && <span className="muted">Verifying…</span>}
      {checkedAt !== undefined && <span className="muted">Checked {checkedAt.toLocaleString()}</span>}
      {result !== undefined && <VerificationResult result={result} />}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}
