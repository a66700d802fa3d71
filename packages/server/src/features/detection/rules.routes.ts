import { RuleList, RuleTestRequest, RuleTestResult } from '@citysoc/core';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { principalOf } from '../../platform/http/request-auth.ts';
import type { RulesService } from './rules.service.ts';

export function registerRulesRoutes(app: HttpServer, deps: { rules: RulesService }): void {
  const { rules } = deps;

  app.get(
    '/api/rules',
    {
      schema: {
        tags: ['rules'],
        summary: 'Detection rules in use, and those refused with the reason',
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
}
