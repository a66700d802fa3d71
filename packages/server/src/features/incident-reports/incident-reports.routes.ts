import {
  IncidentLessons,
  IncidentMetrics,
  MetricsRequest,
  MonthlyReport,
  MonthlyReportRequest,
  UpdateIncidentLessons,
} from '@citysoc/core';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { IncidentReportsService, ReportFile } from './incident-reports.service.ts';
import type { MonthlyReportService } from './monthly-report.service.ts';

const IdParams = z.strictObject({ id: z.string().min(1).max(64) });

/** Sends a report as a download: the HTML is attacker-influenced text, so it is never rendered inline here. */
function download(reply: FastifyReply, type: string, file: ReportFile<string | Buffer>) {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${file.filename.replace(/[^A-Za-z0-9._-]/g, '_')}"`)
    .header('cache-control', 'no-store')
    .send(file.body);
}

const HTML = 'text/html; charset=utf-8';
const PDF = 'application/pdf';

export function registerIncidentReportsRoutes(
  app: HttpServer,
  deps: { incidentReports: IncidentReportsService; monthlyReports: MonthlyReportService },
): void {
  const { incidentReports: reports, monthlyReports: monthly } = deps;
  const tags = ['incidents'];

  app.get(
    '/api/incidents/metrics',
    {
      schema: {
        tags,
        summary:
          'MTTD, MTTA, MTTC, MTTR (mean, median, p90) and SLA compliance of your departments, grouped and over time',
        querystring: MetricsRequest,
        response: { 200: IncidentMetrics },
      },
    },
    (request) => reports.metrics(principalOf(request), request.query),
  );

  app.get(
    '/api/incidents/:id/report.html',
    {
      schema: {
        tags,
        summary: 'The incident report as a self-contained HTML document (marked with its TLP)',
        params: IdParams,
      },
    },
    async (request, reply) => download(reply, HTML, await reports.reportHtml(principalOf(request), request.params.id)),
  );

  app.get(
    '/api/incidents/:id/report.pdf',
    { schema: { tags, summary: 'The incident report as a PDF (marked with its TLP)', params: IdParams } },
    async (request, reply) => download(reply, PDF, await reports.reportPdf(principalOf(request), request.params.id)),
  );

  app.get(
    '/api/incidents/:id/lessons',
    {
      schema: {
        tags,
        summary: 'Lessons learned from the incident',
        params: IdParams,
        response: { 200: IncidentLessons },
      },
    },
    (request) => reports.lessons(principalOf(request), request.params.id),
  );

  app.put(
    '/api/incidents/:id/lessons',
    {
      schema: {
        tags,
        summary: 'Write the lessons learned (replaces the text; noted on the timeline)',
        params: IdParams,
        body: UpdateIncidentLessons,
        response: { 200: IncidentLessons },
      },
    },
    (request) => reports.setLessons(principalOf(request), request.params.id, request.body),
  );

  const reportTags = ['reports'];
  app.get(
    '/api/reports/monthly',
    {
      schema: {
        tags: reportTags,
        summary: 'The monthly governance report: incidents by severity and service, SLA, MTTD/MTTR trend, techniques',
        querystring: MonthlyReportRequest,
        response: { 200: MonthlyReport },
      },
    },
    (request) => monthly.monthly(principalOf(request), request.query),
  );

  app.get(
    '/api/reports/monthly.html',
    {
      schema: { tags: reportTags, summary: 'The monthly governance report as HTML', querystring: MonthlyReportRequest },
    },
    async (request, reply) => download(reply, HTML, await monthly.monthlyHtml(principalOf(request), request.query)),
  );

  app.get(
    '/api/reports/monthly.pdf',
    {
      schema: { tags: reportTags, summary: 'The monthly governance report as PDF', querystring: MonthlyReportRequest },
    },
    async (request, reply) => download(reply, PDF, await monthly.monthlyPdf(principalOf(request), request.query)),
  );
}
