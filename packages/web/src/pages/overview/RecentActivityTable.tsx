import type { Overview } from '@citysoc/core';
import { formatDateTime } from '../../format.ts';

export function RecentActivityTable({ activity }: { activity: Overview['recentActivity'] }) {
  return (
    <section className="panel" aria-labelledby="recent-activity-title">
      <h2 id="recent-activity-title">Recent activity</h2>
      {activity.length === 0 ? (
        <p className="empty-state">No activity is recorded in your departments yet.</p>
      ) : (
        <table className="table">
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">Time</th>
              <th scope="col">Actor</th>
              <th scope="col">Action</th>
              <th scope="col">Target</th>
            </tr>
          </thead>
          <tbody>
            {activity.map((entry) => (
              <tr key={entry.seq}>
                <td className="numeric">{entry.seq}</td>
                <td className="nowrap">{formatDateTime(entry.at)}</td>
                <td>{entry.actorName}</td>
                <td>
                  <code>{entry.action}</code>
                </td>
                <td>
                  <span className="muted">{entry.targetType}</span>{' '}
                  {entry.targetLabel ?? <span className="mono">{entry.targetId}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
