/** Tables of notifications (migration 0014). */

/** One in-app notification for one person. */
export interface NotificationsTable {
  id: string;
  user_id: string;
  kind: string;
  severity: string;
  title: string;
  body: string;
  link: string | null;
  department_id: string | null;
  created_at: string;
  read_at: string | null;
  /** On a rate-limit summary: how many held-back notifications it stands for; 0 otherwise. */
  held_back: number;
}

/** A person's preferences; the e-mail address is sealed with the secret box (personal data). */
export interface NotificationPreferencesTable {
  user_id: string;
  email_sealed: string | null;
  /** PreferenceRule[] as JSON */
  rules: string;
  updated_at: string;
}

/** An administrator-configured webhook channel; the signing secret is sealed with the secret box. */
export interface NotificationChannelsTable {
  id: string;
  name: string;
  url: string;
  format: string;
  department_id: string | null;
  /** KindPattern[] as JSON */
  kinds: string;
  min_severity: string;
  secret_sealed: string | null;
  enabled: number;
  created_at: string;
  updated_at: string;
}

/** One e-mail or webhook call and how it went. */
export interface NotificationDeliveriesTable {
  id: string;
  channel: string;
  channel_id: string | null;
  user_id: string | null;
  target: string;
  kind: string;
  title: string;
  department_id: string | null;
  status: string;
  attempts: number;
  http_status: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

/**
 * The rate-limit window of one target (`in_app:<user>`, `email:<user>`, `webhook:<channel>`), kept in the
 * database so held-back counts survive a restart and are summarised rather than lost.
 */
export interface NotificationWindowsTable {
  target: string;
  channel: string;
  user_id: string | null;
  channel_id: string | null;
  started_at: string;
  ends_at: string;
  /** RateWindow (core) as JSON */
  state: string;
  held: number;
}

/** How far the alert follower has read the alerts table. */
export interface NotificationCheckpointsTable {
  consumer: string;
  alert_id: string;
  updated_at: string;
}
