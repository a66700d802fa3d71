export * from './notification.ts';
export * from './notification-settings.ts';
export * from './notification-rules.ts';
