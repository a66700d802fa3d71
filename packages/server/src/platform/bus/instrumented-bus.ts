import type { Metrics } from '../metrics.ts';
import type { Bus } from './bus.ts';

/**
 * The bus as the rest of the node sees it, counting messages in and out for the metrics. Alerts are counted
 * here too: every detection batch that raises alerts announces `alerts.raised` with their number, so counting the
 * announcement keeps detection free of metrics code. Only this node's publications count toward its alerts.
 */
export function instrumentBus(bus: Bus, metrics: Metrics): Bus {
  return {
    kind: bus.kind,
    async publish(subject, message) {
      await bus.publish(subject, message);
      metrics.countBusMessage('out', subject);
      if (subject === 'alerts.raised') metrics.countAlerts(alertCount(message));
    },
    subscribe(subject, handler) {
      return bus.subscribe(subject, (message, actual) => {
        metrics.countBusMessage('in', actual);
        return handler(message, actual);
      });
    },
    connected: () => bus.connected(),
    close: () => bus.close(),
  };
}

function alertCount(message: unknown): number {
  if (typeof message !== 'object' || message === null || !('count' in message)) return 0;
  const { count } = message;
  return typeof count === 'number' && Number.isFinite(count) ? count : 0;
}
