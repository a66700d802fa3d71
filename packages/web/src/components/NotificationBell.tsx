import { NavLink } from 'react-router';
import { useApiData } from '../hooks/use-api-data.ts';
import { useLive } from '../hooks/use-live.ts';
import { bellLabel, unreadBadge } from '../pages/notifications/notification-display.ts';
import { fetchUnreadCount } from '../pages/notifications/notifications-api.ts';

/** Polled as well as pushed: the live stream may be down, and the count must not stay stale for long. */
const REFRESH_MS = 60_000;

/** The header's bell: unread notifications, updated live when one arrives; opens /notifications. */
export function NotificationBell() {
  const unread = useApiData(fetchUnreadCount, REFRESH_MS);
  useLive(['notifications'], unread.reload);
  const count = unread.data ?? 0;
  const badge = unreadBadge(count);
  return (
    <NavLink
      to="/notifications"
      className="notification-bell"
      aria-label={bellLabel(count)}
      data-testid="notification-bell"
    >
      <span aria-hidden="true">🔔</span>
      {badge !== null && (
        <span className="notification-count" aria-hidden="true">
          {badge}
        </span>
      )}
    </NavLink>
  );
}
