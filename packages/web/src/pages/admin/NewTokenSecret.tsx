import type { CreatedApiToken } from '@citysoc/core';
import { useRef, useState } from 'react';

interface NewTokenSecretProps {
  readonly created: CreatedApiToken;
  readonly onDismiss: () => void;
}

/** The secret of a token just created. The server stores only its hash, so this is the one time it exists. */
export function NewTokenSecret({ created, onDismiss }: NewTokenSecretProps) {
  const secretRef = useRef<HTMLElement>(null);
  const [copyState, setCopyState] = useState<string | undefined>(undefined);

  const selectSecret = (): void => {
    const element = secretRef.current;
    const selection = window.getSelection();
    if (element === null || selection === null) return;
    const range = document.createRange();
    range.selectNodeContents(element);
    selection.removeAllRanges();
    selection.addRange(range);
  };

  const onCopy = async (): Promise<void> => {
    // The Clipboard API exists only in secure contexts; a city LAN often serves plain HTTP, so fall back to
    // selecting the text for Ctrl+C.
    try {
      await navigator.clipboard.writeText(created.token);
      setCopyState('Copied to the clipboard.');
    } catch {
      selectSecret();
      setCopyState('Selected: press Ctrl+C (⌘C) to copy.');
    }
  };

  return (
    <div className="secret-box" role="region" aria-labelledby="new-token-secret-title">
      <h3 id="new-token-secret-title">Token "{created.apiToken.name}" created</h3>
      <p>
        <strong>Copy this token now: you will not see it again.</strong> CitySOC keeps only a hash of it. Clients send
        it as <code>Authorization: Bearer &lt;token&gt;</code>.
      </p>
      <code className="secret" data-testid="new-token-secret" ref={secretRef}>
        {created.token}
      </code>
      <div className="form-actions">
        <button type="button" className="button-primary" onClick={() => void onCopy()}>
          Copy token
        </button>
        <button type="button" onClick={onDismiss}>
          I have stored it
        </button>
        {copyState !== undefined && (
          <span className="message-inline" role="status">
            {copyState}
          </span>
        )}
      </div>
    </div>
  );
}
