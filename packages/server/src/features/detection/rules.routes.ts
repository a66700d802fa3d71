import {
  InputError,
  RuleList,
  RuleStateAnswer,
  RuleStateChange,
  RuleTestRequest,
  RuleTestResult,
  RuleUpload,
  RuleUploadReport,
} from '@citysoc/core';
import { z } from 'zod';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { RulesService } from './rules.service.ts';

const RuleParams = z.strictObject({ id: z.string().min(1).max(200) });

export function registerRulesRoutes(app: HttpServer, deps: { rules: RulesService }): void {
  const { rules } = deps;

  app.get(
    '/api/rules',
    {
      schema: {
        tags: ['rules'],
        summary: 'Detection rules and correlations with their state, those refused with the reason, and the stance',
        response: { 200: RuleList },
      },
    },
    (request) => rules.list(principalOf(request)),
  );

  app.post(
    '/api/rules/test',
    {
      schema: {
        tags: ['rules'],
        summary: 'Run Sigma YAML over stored events of a time range (your departments); raises no alerts',
        body: RuleTestRequest,
        response: { 200: RuleTestResult },
      },
    },
    (request) => rules.test(principalOf(request), request.body),
  );

  app.post(
    '/api/rules',
    {
      schema: {
        tags: ['rules'],
        summary:
          'Upload Sigma YAML (rules, correlations, filters); each document is validated, accepted ones run at once. ' +
          'Answers 400 with the report in `details` when none was accepted.',
        body: RuleUpload,
        response: { 200: RuleUploadReport },
      },
    },
    async (request) => {
      const report = await rules.upload(principalOf(request), request.body.yaml, request.body.department);
      if (report.loaded === 0) {
        const first = report.rejections[0]?.reason ?? 'the YAML holds no document';
        throw new InputError(`No rule was accepted: ${first}`, report);
      }
      return report;
    },
  );

  app.put(
    '/api/rules/:id/state',
    {
      schema: {
        tags: ['rules'],
        summary: 'Disable or enable a rule city-wide (department null) or for one department, with a reason (audited)',
        params: RuleParams,
        body: RuleStateChange,
        response: { 200: RuleStateAnswer },
      },
    },
    (request) => rules.setState(principalOf(request), request.params.id, request.body),
  );

  app.delete(
    '/api/rules/:id',
    { schema: { tags: ['rules'], summary: 'Delete an uploaded rule (audited)', params: RuleParams } },
    async (request, reply) => {
      await rules.remove(principalOf(request), request.params.id);
      return reply.status(204).send(null);
    },
  );
}
