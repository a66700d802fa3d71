import type { NotificationView } from '@citysoc/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { heldBackLine, internalLink, severityClass } from './notification-display.ts';
import { listNotifications, markAllNotificationsRead, markNotificationRead } from './notifications-api.ts';
import { NotificationsNav } from './NotificationsNav.tsx';

const PAGE_SIZE = 50;

/** /notifications: one's own notifications, unread first, with what the rate limit holds back right now. */
export function NotificationsPage() {
  const [offset, setOffset] = useState(0);
  const [unreadOnly, setUnreadOnly] = useState(false);
  const load = useCallback(
    () => listNotifications({ offset, limit: PAGE_SIZE, unread: unreadOnly }),
    [offset, unreadOnly],
  );
  const list = useApiData(load);
  useLive(['notifications'], list.reload);
  const marking = useMutation();
  const data = list.data;
  const shownTotal = data === undefined ? 0 : unreadOnly ? data.unread : data.total;

  const markRead = async (notification: NotificationView): Promise<void> => {
    if ((await marking.run(() => markNotificationRead(notification.id))) !== undefined) list.reload();
  };
  const markAll = async (): Promise<void> => {
    if ((await marking.run(markAllNotificationsRead)) !== undefined) list.reload();
  };

  return (
    <>
      <div className="page-header">
        <h1>Notifications</h1>
        {data !== undefined && (
          <p className="page-meta" data-testid="notification-counts">
            {data.unread.toLocaleString()} unread of {data.total.toLocaleString()}
          </p>
        )}
      </div>
      <NotificationsNav />
      <ErrorMessage error={list.error} />
      <ErrorMessage error={marking.error} />
      {data?.heldBack.map((held) => (
        <p key={held.channel} className="message" role="status" data-testid="held-back">
          {heldBackLine(held, (iso) => formatDateTime(iso))}
        </p>
      ))}
      <div className="toolbar">
        <label>
          <input
            type="checkbox"
            checked={unreadOnly}
            onChange={(event) => {
              setOffset(0);
              setUnreadOnly(event.target.checked);
            }}
          />{' '}
          Unread only
        </label>
        <button
          type="button"
          className="button-secondary"
          disabled={marking.pending || data === undefined || data.unread === 0}
          onClick={() => void markAll()}
        >
          Mark all read
        </button>
      </div>
      {list.loading && data === undefined ? (
        <p className="empty-state">Loading notifications…</p>
      ) : data === undefined || data.items.length === 0 ? (
        <p className="empty-state">{unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}</p>
      ) : (
        <ul className="notification-list" aria-label="Notifications">
          {data.items.map((notification) => (
            <NotificationItem
              key={notification.id}
              notification={notification}
              busy={marking.pending}
              onRead={() => void markRead(notification)}
            />
          ))}
        </ul>
      )}
      {shownTotal > PAGE_SIZE && (
        <div className="toolbar">
          <button
            type="button"
            className="button-secondary"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - PAGE_SIZE))}
          >
            Newer
          </button>
          <span className="muted">
            {(offset + 1).toLocaleString()}–{Math.min(offset + PAGE_SIZE, shownTotal).toLocaleString()} of{' '}
            {shownTotal.toLocaleString()}
          </span>
          <button
            type="button"
            className="button-secondary"
            disabled={offset + PAGE_SIZE >= shownTotal}
            onClick={() => setOffset(offset + PAGE_SIZE)}
          >
            Older
          </button>
        </div>
      )}
    </>
  );
}

function NotificationItem(props: { notification: NotificationView; busy: boolean; onRead: () => void }) {
  const { notification, busy, onRead } = props;
  const unread = notification.readAt === null;
  const link = internalLink(notification);
  return (
    <li className={unread ? 'notification-item unread' : 'notification-item'} data-testid="notification">
      <div className="page-header">
        <span className={severityClass(notification.severity)}>{notification.severity}</span>
        <strong>{link === null ? notification.title : <Link to={link}>{notification.title}</Link>}</strong>
        <span className="muted nowrap">{formatDateTime(notification.createdAt)}</span>
        <span className="muted mono">{notification.kind}</span>
        {unread && (
          <button type="button" className="button-secondary button-small" disabled={busy} onClick={onRead}>
            Mark read
          </button>
        )}
      </div>
      {notification.body !== '' && <p className="notification-body">{notification.body}</p>}
      {notification.departmentId !== null && <p className="muted">Department: {notification.departmentId}</p>}
    </li>
  );
}
