import { NotificationSeverity, type NotificationPreferences, type PreferenceRule } from '@citysoc/core';
import { type FormEvent, useState } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { blankRule, describeRule, parseKinds } from './notification-display.ts';
import { fetchPreferences, savePreferences } from './notifications-api.ts';
import { NotificationsNav } from './NotificationsNav.tsx';

/** /notifications/preferences: one's e-mail address and, per kind, from which severity on which channel. */
export function NotificationPreferencesPage() {
  const stored = useApiData(fetchPreferences);
  return (
    <>
      <h1>Notification preferences</h1>
      <NotificationsNav />
      <ErrorMessage error={stored.error} />
      {stored.data === undefined ? (
        <p className="empty-state">Loading preferences…</p>
      ) : (
        <PreferencesForm stored={stored.data} />
      )}
    </>
  );
}

/** Starts from what is stored and keeps what the person typed (which is what gets saved). */
function PreferencesForm({ stored }: { stored: NotificationPreferences }) {
  const [email, setEmail] = useState(stored.email ?? '');
  const [rules, setRules] = useState<PreferenceRule[]>(stored.rules);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const saving = useMutation();

  const change = (index: number, patch: Partial<PreferenceRule>): void => {
    setSaved(false);
    setRules(rules.map((rule, i) => (i === index ? { ...rule, ...patch } : rule)));
  };

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const invalid = rules.flatMap((rule) => parseKinds(rule.kinds).invalid);
    if (invalid.length > 0) {
      setProblem(`Not a kind: ${invalid.join(', ')} (use e.g. alert.created, incident.* or *)`);
      return;
    }
    setProblem(null);
    const result = await saving.run(() => savePreferences({ email: email.trim() === '' ? null : email.trim(), rules }));
    if (result !== undefined) setSaved(true);
  };

  return (
    <form className="panel" onSubmit={(event) => void onSubmit(event)} aria-label="Notification preferences">
      <FormField
        id="notify-email"
        label="E-mail address"
        hint={
          stored.emailAvailable
            ? 'Where notification e-mails go; leave empty for none. Stored encrypted.'
            : 'This CitySOC has no mail server configured: e-mails are not sent.'
        }
      >
        <input
          id="notify-email"
          type="email"
          value={email}
          maxLength={254}
          aria-describedby={fieldHintId('notify-email')}
          onChange={(event) => {
            setSaved(false);
            setEmail(event.target.value);
          }}
        />
      </FormField>
      <h2>Rules</h2>
      <p className="muted">
        The most specific rule that matches a notification decides. Without one you get everything in the app and high
        and critical news by e-mail.
      </p>
      {rules.map((rule, index) => (
        <fieldset key={index} className="notification-rule" aria-label={describeRule(rule)}>
          <label>
            Kinds{' '}
            <input
              value={rule.kinds}
              maxLength={100}
              size={24}
              onChange={(event) => change(index, { kinds: event.target.value.trim() })}
            />
          </label>
          <label>
            From{' '}
            <select
              value={rule.minSeverity}
              onChange={(event) => change(index, { minSeverity: NotificationSeverity.parse(event.target.value) })}
            >
              {NotificationSeverity.options.map((severity) => (
                <option key={severity} value={severity}>
                  {severity}
                </option>
              ))}
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={rule.inApp}
              onChange={(event) => change(index, { inApp: event.target.checked })}
            />{' '}
            In the app
          </label>
          <label>
            <input
              type="checkbox"
              checked={rule.email}
              onChange={(event) => change(index, { email: event.target.checked })}
            />{' '}
            By e-mail
          </label>
          <button
            type="button"
            className="button-secondary button-small"
            onClick={() => {
              setSaved(false);
              setRules(rules.filter((_, i) => i !== index));
            }}
          >
            Remove
          </button>
        </fieldset>
      ))}
      <div className="toolbar">
        <button
          type="button"
          className="button-secondary"
          disabled={rules.length >= 50}
          onClick={() => {
            setSaved(false);
            setRules([...rules, blankRule()]);
          }}
        >
          Add a rule
        </button>
        <button type="submit" className="button-primary" disabled={saving.pending}>
          Save preferences
        </button>
        {saved && (
          <span className="muted" role="status">
            Saved.
          </span>
        )}
      </div>
      {problem !== null && (
        <p className="message message-error" role="alert">
          {problem}
        </p>
      )}
      <ErrorMessage error={saving.error} />
    </form>
  );
}
