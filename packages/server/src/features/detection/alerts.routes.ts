import {
  Alert,
  AlertCounts,
  AlertExplanation,
  AlertListRequest,
  DetectionStatus,
  requirePermission,
  UpdateAlert,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { AlertsService } from './alerts.service.ts';
import type { DetectionService } from './detection.service.ts';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });

export function registerAlertsRoutes(
  app: HttpServer,
  deps: { alerts: AlertsService; detection: DetectionService },
): void {
  const { alerts, detection } = deps;

  app.get(
    '/api/detection/status',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Rules in use and refused, and how many committed events detection has still to read',
        response: { 200: DetectionStatus },
      },
    },
    (request) => {
      requirePermission(principalOf(request), 'alerts.read');
      return detection.status();
    },
  );

  app.get(
    '/api/alerts',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Alerts in your departments, newest first',
        querystring: AlertListRequest,
        response: { 200: z.array(Alert) },
      },
    },
    (request) => alerts.list(principalOf(request), request.query),
  );

  app.get(
    '/api/alerts/counts',
    { schema: { tags: ['alerts'], summary: 'Alerts per status in your departments', response: { 200: AlertCounts } } },
    (request) => alerts.countByStatus(principalOf(request)),
  );

  app.get('/api/alerts/:id', { schema: { tags: ['alerts'], params: IdParams, response: { 200: Alert } } }, (request) =>
    alerts.get(principalOf(request), request.params.id),
  );

  app.get(
    '/api/alerts/:id/explanation',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Why the alert matched: per selection, the values that held on its event (or why it cannot say)',
        params: IdParams,
        response: { 200: AlertExplanation },
      },
    },
    (request) => detection.explainAlert(principalOf(request), request.params.id),
  );

  app.patch(
    '/api/alerts/:id',
    {
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge, close or reopen an alert (audited)',
        params: IdParams,
        body: UpdateAlert,
        response: { 200: Alert },
      },
    },
    (request) => alerts.setStatus(principalOf(request), request.params.id, request.body.status),
  );
}
