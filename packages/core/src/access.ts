import { z } from 'zod';
import { NotAllowedError, NotFoundError } from './errors.ts';

/**
 * Roles of people. City-wide roles see every department; the others see only the departments they are
 * granted. DESIGN.md "Who uses it": the SOC is a central city function, so its operators are city-wide.
 */
export const Role = z.enum(['admin', 'cio', 'soc_operator', 'responder', 'sysadmin', 'data_owner', 'auditor']);
export type Role = z.infer<typeof Role>;

/**
 * Scopes of API tokens used by machines (log shippers, sensors, TAXII peers, scripts). `blocklist` is for a
 * firewall, resolver or proxy fetching `/api/blocklists/<name>.txt`, and may do nothing else. `privacy` is for a
 * system asking `/api/privacy/decision` whether a subject may use a dataset, and may do nothing else.
 */
export const TokenScope = z.enum(['ingest', 'read', 'taxii', 'blocklist', 'admin', 'privacy']);
export type TokenScope = z.infer<typeof TokenScope>;

export const Permission = z.enum([
  'overview.read',
  'departments.read',
  'departments.manage',
  'users.read',
  'users.manage',
  'tokens.manage',
  'audit.read',
  'events.read',
  'events.ingest',
  'alerts.read',
  'alerts.triage',
  'inventory.read',
  'inventory.manage',
  'assets.contain',
  'intel.read',
  'intel.manage',
  'intel.taxii',
  'blocklists.read',
  'stance.override',
  // Rules as managed content: `rules.manage` changes them city-wide (state, uploads); `rules.tune` turns a rule
  // off or on for the departments the principal is granted (a noisy rule on one department's systems).
  'rules.manage',
  'rules.tune',
  'incidents.read',
  'incidents.manage',
  // The monthly governance report (incidents, SLA, MTTD/MTTR trend) of the departments in scope.
  'reports.read',
  // Data protection: the catalogue is read by everyone in the department; `datasets.decide` approves access to
  // the datasets one owns, `datasets.decide_any` to every dataset in scope (administrators);
  // `privacy.decide` answers the decision API; `backups.report` records backup jobs and restore tests.
  'datasets.read',
  'datasets.manage',
  'datasets.decide',
  'datasets.decide_any',
  'privacy.decide',
  'backups.report',
  // Anonymisation jobs for open-data release (server-side runs, their reports and outputs): data owners, admins.
  'privacy.anonymize',
  // Notification channels (webhooks to chat rooms and ticketing) and the delivery log: administrators.
  'notifications.manage',
]);
export type Permission = z.infer<typeof Permission>;

const ALL_PERMISSIONS = Permission.options;

/** What a role is and may do; served by `GET /api/roles` so the dashboard can explain roles. */
export const RoleInfo = z.object({
  role: Role,
  title: z.string(),
  description: z.string(),
  cityWide: z.boolean(),
  permissions: z.array(Permission),
});
export type RoleInfo = z.infer<typeof RoleInfo>;

const READER: Permission[] = [
  'overview.read',
  'departments.read',
  'events.read',
  'alerts.read',
  'inventory.read',
  'intel.read',
  'blocklists.read',
  'datasets.read',
];

export const ROLES: Readonly<Record<Role, RoleInfo>> = {
  admin: {
    role: 'admin',
    title: 'Administrator',
    description: 'Manages departments, users, roles and tokens across the city.',
    cityWide: true,
    permissions: ALL_PERMISSIONS.filter((p) => p !== 'events.ingest' && p !== 'intel.taxii'),
  },
  cio: {
    role: 'cio',
    title: 'CIO / governance board',
    description: 'City-wide read access and governance decisions.',
    cityWide: true,
    permissions: [...READER, 'users.read', 'audit.read', 'stance.override', 'incidents.read', 'reports.read'],
  },
  soc_operator: {
    role: 'soc_operator',
    title: 'SOC operator',
    description: 'Triages alerts and opens incidents for every department.',
    cityWide: true,
    permissions: [
      ...READER,
      'alerts.triage',
      'assets.contain',
      'intel.manage',
      'rules.manage',
      'rules.tune',
      'incidents.read',
      'incidents.manage',
      'reports.read',
    ],
  },
  responder: {
    role: 'responder',
    title: 'Incident responder',
    description: 'Works cases in the departments granted.',
    cityWide: false,
    permissions: [...READER, 'alerts.triage', 'assets.contain', 'incidents.read', 'incidents.manage'],
  },
  sysadmin: {
    role: 'sysadmin',
    title: 'Department system administrator',
    description: "Keeps the department's assets, software and controls current.",
    cityWide: false,
    permissions: [...READER, 'inventory.manage', 'assets.contain', 'rules.tune', 'incidents.read'],
  },
  data_owner: {
    role: 'data_owner',
    title: 'Data owner',
    description: "Owns the department's datasets and decides on access to personal data.",
    cityWide: false,
    permissions: [...READER, 'datasets.manage', 'datasets.decide', 'privacy.anonymize'],
  },
  auditor: {
    role: 'auditor',
    title: 'Auditor',
    description: 'Reads everything in the departments granted, including the audit log.',
    cityWide: false,
    permissions: [...READER, 'users.read', 'audit.read', 'incidents.read', 'reports.read'],
  },
};

export const TOKEN_SCOPE_PERMISSIONS: Readonly<Record<TokenScope, Permission[]>> = {
  ingest: ['events.ingest', 'backups.report'],
  read: [...READER, 'audit.read', 'incidents.read', 'reports.read'],
  taxii: ['intel.taxii', 'intel.read'],
  blocklist: ['blocklists.read'],
  admin: ROLES.admin.permissions,
  privacy: ['privacy.decide'],
};

/** Which departments a principal may see: all of them, or an explicit list (possibly empty). */
export type DepartmentScope = { readonly all: true } | { readonly all: false; readonly ids: readonly string[] };

export const ALL_DEPARTMENTS: DepartmentScope = { all: true };

/** Who is acting: a logged-in person, a machine with an API token, or the operator at the CLI. */
export interface Principal {
  readonly kind: 'user' | 'token' | 'system';
  readonly id: string;
  readonly name: string;
  readonly permissions: ReadonlySet<Permission>;
  readonly departments: DepartmentScope;
}

export function userPrincipal(user: {
  id: string;
  username: string;
  role: Role;
  departmentIds: readonly string[];
}): Principal {
  const definition = ROLES[user.role];
  return {
    kind: 'user',
    id: user.id,
    name: user.username,
    permissions: new Set(definition.permissions),
    departments: definition.cityWide ? ALL_DEPARTMENTS : { all: false, ids: [...user.departmentIds] },
  };
}

export function tokenPrincipal(token: {
  id: string;
  name: string;
  scope: TokenScope;
  departmentId: string | null;
}): Principal {
  return {
    kind: 'token',
    id: token.id,
    name: token.name,
    permissions: new Set(TOKEN_SCOPE_PERMISSIONS[token.scope]),
    departments: token.departmentId === null ? ALL_DEPARTMENTS : { all: false, ids: [token.departmentId] },
  };
}

/** The operator at the CLI: whoever can run the CLI already has the database, so it may do everything. */
export const SYSTEM_PRINCIPAL: Principal = {
  kind: 'system',
  id: 'system',
  name: 'citysoc-cli',
  permissions: new Set(ALL_PERMISSIONS),
  departments: ALL_DEPARTMENTS,
};

export function hasPermission(principal: Principal, permission: Permission): boolean {
  return principal.permissions.has(permission);
}

/** Throws NotAllowedError unless the principal holds the permission. */
export function requirePermission(principal: Principal, permission: Permission): void {
  if (!hasPermission(principal, permission)) {
    throw new NotAllowedError(`Permission '${permission}' is required`);
  }
}

export function canSeeDepartment(principal: Principal, departmentId: string | null): boolean {
  if (principal.departments.all) return true;
  // Objects without a department are city-wide: only city-wide principals see them.
  return departmentId !== null && principal.departments.ids.includes(departmentId);
}

/**
 * Throws NotFoundError (not NotAllowedError) when the department is outside the principal's scope, so that
 * one department cannot learn which objects another department has.
 */
export function requireDepartment(principal: Principal, departmentId: string | null, what: string): void {
  if (!canSeeDepartment(principal, departmentId)) {
    throw new NotFoundError(`${what} not found`);
  }
}
