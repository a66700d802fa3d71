import type { ApiError } from '../api/client.ts';

/** The server's message for a failed request, announced to screen readers. Renders nothing without an error. */
export function ErrorMessage({ error }: { error: ApiError | undefined }) {
  if (error === undefined) return null;
  return (
    <p className="message message-error" role="alert">
      {error.message}
    </p>
  );
}
