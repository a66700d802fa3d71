import { IncidentListRequest, IncidentSeverity, IncidentStatus, InputError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { Command } from 'commander';
import { z } from 'zod';
import { formatTable, type Output, withServices } from './context.ts';

const ListOptions = z.strictObject({
  status: z.union([IncidentStatus, z.literal('open')]).optional(),
  severity: IncidentSeverity.optional(),
  department: z.string().max(64).optional(),
  json: z.boolean().optional(),
});

export function registerIncidentsCommand(program: Command, output: Output): void {
  const incidents = program.command('incidents').description('incident cases');

  incidents
    .command('list')
    .description('the incident queue: open first, by priority, with the next SLA deadline')
    .option('--status <status>', "a phase, or 'open' for every phase but closed")
    .option('--severity <severity>', 'low, medium, high or critical')
    .option('--department <id>', 'only this department')
    .option('--json', 'print JSON (the API’s incident objects)')
    .action((raw: unknown) =>
      withServices(async (services) => {
        const parsed = ListOptions.safeParse(raw);
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new InputError(`--${String(issue?.path[0] ?? '')}: ${issue?.message ?? 'invalid'}`);
        }
        const { json, ...filter } = parsed.data;
        const list = await services.incidents.list(SYSTEM_PRINCIPAL, IncidentListRequest.parse(filter));
        output.out(
          json
            ? JSON.stringify(list)
            : formatTable(
                list.map((i) => ({
                  ...i,
                  department: i.departmentId ?? 'city-wide',
                  sla: i.sla.breached ? 'BREACHED' : (i.sla.nextDue ?? 'met'),
                })),
                ['ref', 'priority', 'severity', 'status', 'department', 'alertCount', 'sla', 'title'],
              ),
        );
      }),
    );
}
