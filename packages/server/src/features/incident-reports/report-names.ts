import { isDomainError, type ReportNames, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { DepartmentsService } from '../departments/index.ts';
import type { TeamsService } from '../incidents/index.ts';
import type { AttackService } from '../intel/index.ts';
import type { CityModelCache } from '../inventory/index.ts';

/** What the reports read names from. Only names: what the reader may see was decided by the scoped queries. */
export interface NameSources {
  departments: DepartmentsService;
  teams: TeamsService;
  city: CityModelCache;
  /** ATT&CK technique names, when the catalogue is imported. */
  attack?: Pick<AttackService, 'technique'>;
}

export const CITY_WIDE = 'City-wide';
export const NO_TEAM = 'No team';

/** Names of departments, teams and services, read once per report. */
export async function reportNames(sources: NameSources): Promise<ReportNames> {
  const [departments, teams, model] = await Promise.all([
    sources.departments.list(SYSTEM_PRINCIPAL),
    sources.teams.list(SYSTEM_PRINCIPAL),
    sources.city.current(),
  ]);
  const departmentNames = new Map(departments.map((d) => [d.id, d.name]));
  const teamNames = new Map(teams.map((t) => [t.id, t.name]));
  return {
    department: (id) => (id === null ? CITY_WIDE : (departmentNames.get(id) ?? id)),
    team: (id) => (id === null ? NO_TEAM : (teamNames.get(id) ?? id)),
    service: (id) => {
      const service = model.services.get(id);
      return { name: service?.name ?? id, criticality: service?.criticality ?? null };
    },
    technique: (id) => id,
  };
}

/** The technique's ATT&CK name, or its id when the catalogue is not imported (or does not know it). */
export async function techniqueName(sources: NameSources, id: string): Promise<string> {
  if (!sources.attack) return id;
  try {
    return (await sources.attack.technique(SYSTEM_PRINCIPAL, id)).name;
  } catch (error) {
    if (isDomainError(error)) return id;
    throw error;
  }
}
