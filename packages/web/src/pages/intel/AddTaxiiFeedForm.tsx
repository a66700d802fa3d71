import { useState, type SubmitEvent } from 'react';
import { addTaxiiFeed } from '../../api/intel.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useMutation } from '../../hooks/use-mutation.ts';

const EMPTY = { name: '', apiRoot: '', collection: '', token: '', intervalMinutes: '60', confidence: '' };

/** Adds a TAXII 2.1 collection to poll (another city, a national CERT, a vendor); needs intel.manage. */
export function AddTaxiiFeedForm({ onAdded }: { onAdded: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const [added, setAdded] = useState<string | null>(null);
  const mutation = useMutation();
  const set = (key: keyof typeof EMPTY) => (event: { target: { value: string } }) =>
    setForm((current) => ({ ...current, [key]: event.target.value }));

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setAdded(null);
    const feed = await mutation.run(() =>
      addTaxiiFeed({
        name: form.name.trim(),
        apiRoot: form.apiRoot.trim(),
        collection: form.collection.trim(),
        token: form.token === '' ? null : form.token,
        intervalMinutes: Number(form.intervalMinutes),
        confidence: form.confidence === '' ? null : Number(form.confidence),
      }),
    );
    if (feed === undefined) return;
    setForm(EMPTY);
    setAdded(`${feed.name} was added; it is polled every ${feed.intervalMinutes} min.`);
    onAdded();
  };

  return (
    <details className="add-feed">
      <summary>Add a TAXII feed</summary>
      <form className="form-grid" aria-label="Add a TAXII feed" onSubmit={(event) => void onSubmit(event)}>
        <FormField id="taxii-name" label="Name" hint="Lowercase letters, digits, '.', '_' or '-'.">
          <input
            id="taxii-name"
            required
            pattern="[a-z0-9][a-z0-9_.\-]{0,62}"
            value={form.name}
            aria-describedby={fieldHintId('taxii-name')}
            onChange={set('name')}
          />
        </FormField>
        <FormField id="taxii-root" label="API root URL" hint="e.g. https://peer.example/taxii2/city/" wide>
          <input
            id="taxii-root"
            type="url"
            required
            value={form.apiRoot}
            aria-describedby={fieldHintId('taxii-root')}
            onChange={set('apiRoot')}
          />
        </FormField>
        <FormField id="taxii-collection" label="Collection id (UUID)">
          <input id="taxii-collection" required value={form.collection} onChange={set('collection')} />
        </FormField>
        <FormField id="taxii-token" label="Bearer token" hint="Optional; stored on the server.">
          <input
            id="taxii-token"
            type="password"
            autoComplete="off"
            value={form.token}
            aria-describedby={fieldHintId('taxii-token')}
            onChange={set('token')}
          />
        </FormField>
        <FormField id="taxii-interval" label="Poll every (minutes)">
          <input
            id="taxii-interval"
            type="number"
            min={1}
            max={10080}
            required
            value={form.intervalMinutes}
            onChange={set('intervalMinutes')}
          />
        </FormField>
        <FormField id="taxii-confidence" label="Confidence (0–100)" hint="For objects that state none.">
          <input
            id="taxii-confidence"
            type="number"
            min={0}
            max={100}
            value={form.confidence}
            aria-describedby={fieldHintId('taxii-confidence')}
            onChange={set('confidence')}
          />
        </FormField>
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={mutation.pending}>
            Add feed
          </button>
        </div>
        <ErrorMessage error={mutation.error} />
        {added !== null && (
          <p className="message message-good" role="status">
            {added}
          </p>
        )}
      </form>
    </details>
  );
}
