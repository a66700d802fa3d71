import { z } from 'zod';

/**
 * What a feature asks to tell people. Features describe the news and who should hear it; the notifications
 * feature decides how (in-app, e-mail, webhook) from each person's preferences, and holds back repeats so an
 * alert storm does not become a notification storm.
 */
export const NotificationSeverity = z.enum(['info', 'low', 'medium', 'high', 'critical']);
export type NotificationSeverity = z.infer<typeof NotificationSeverity>;

export const NotificationRecipients = z.object({
  userIds: z.array(z.string()).default([]),
  /** Every member of these teams. */
  teamIds: z.array(z.string()).default([]),
  /** Only the leads of these teams (SLA breaches go to the team lead). */
  teamLeadsOf: z.array(z.string()).default([]),
  /** Everyone holding this permission in the notification's department (or city-wide when it has none). */
  permission: z.string().optional(),
});
export type NotificationRecipients = z.infer<typeof NotificationRecipients>;

export const NotificationRequest = z.object({
  /** Dotted kind people subscribe to: `alert.created`, `incident.sla_breached`, `playbook.approval_needed`, … */
  kind: z.string().min(1).max(100),
  severity: NotificationSeverity,
  title: z.string().min(1).max(300),
  body: z.string().max(20_000),
  /** Department the news belongs to: only people who may see that department receive it. Null: city-wide. */
  departmentId: z.string().nullable(),
  /** Path in the web UI that shows the subject, e.g. `/incidents/42`. */
  link: z.string().optional(),
  recipients: NotificationRecipients,
  /** Repeats with the same key inside the rate-limit window are counted, not sent again. */
  dedupeKey: z.string().max(300).optional(),
});
export type NotificationRequest = z.input<typeof NotificationRequest>;

/** The one way a feature sends a notification. */
export interface Notifier {
  notify(request: NotificationRequest): Promise<void>;
}

/** For features started without notifications (CLI tools, unit tests). */
export const SILENT_NOTIFIER: Notifier = { notify: () => Promise.resolve() };
