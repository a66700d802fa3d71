import type { IncidentComment } from '@citysoc/core';
import { useState, type SubmitEvent } from 'react';
import { addComment } from '../../api/incidents.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useMutation } from '../../hooks/use-mutation.ts';

interface Props {
  readonly incidentId: string;
  readonly comments: readonly IncidentComment[];
  readonly canManage: boolean;
  readonly onChanged: () => void;
}

/** The responders' notes, oldest first, shown as plain text. */
export function CommentsSection({ incidentId, comments, canManage, onChanged }: Props) {
  const mutation = useMutation();
  const [body, setBody] = useState('');
  const onAdd = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if ((await mutation.run(() => addComment(incidentId, body.trim()))) !== undefined) {
      setBody('');
      onChanged();
    }
  };
  return (
    <section className="panel" aria-labelledby="incident-comments">
      <h2 id="incident-comments">Comments</h2>
      {comments.length === 0 && <p className="muted">No comments yet.</p>}
      <ul className="incident-comments">
        {comments.map((c) => (
          <li key={c.id} data-testid="comment">
            <p className="muted">
              {c.authorName} · {formatDateTime(c.createdAt)}
            </p>
            <p className="incident-comment-body">{c.body}</p>
          </li>
        ))}
      </ul>
      {canManage && (
        <form className="form-grid" aria-label="Add a comment" onSubmit={(event) => void onAdd(event)}>
          <div className="field field-wide">
            <label htmlFor="new-comment">Comment</label>
            <textarea
              id="new-comment"
              rows={3}
              maxLength={20_000}
              value={body}
              onChange={(e) => setBody(e.target.value)}
            />
          </div>
          <div className="form-actions">
            <button type="submit" disabled={mutation.pending || body.trim() === ''}>
              Add comment
            </button>
          </div>
        </form>
      )}
      <ErrorMessage error={mutation.error} />
    </section>
  );
}
