import { z } from 'zod';
import { Permission, Role, TokenScope } from './access.ts';
import { DepartmentId } from './departments.ts';

export const Username = z
  .string()
  .regex(/^[a-zA-Z0-9][a-zA-Z0-9._@-]{1,63}$/, 'must be 2-64 letters, digits, ".", "_", "@" or "-"');

/** Minimum length only: length beats composition rules (NIST SP 800-63B §5.1.1). */
export const Password = z.string().min(12, 'must be at least 12 characters').max(1024);

export const User = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: Role,
  departmentIds: z.array(z.string()),
  disabled: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
export type User = z.infer<typeof User>;

export const CreateUser = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(200).optional(),
  password: Password,
  role: Role,
  departmentIds: z.array(DepartmentId).max(500).default([]),
});
export type CreateUser = z.infer<typeof CreateUser>;

export const UpdateUser = z.strictObject({
  displayName: z.string().trim().min(1).max(200).optional(),
  password: Password.optional(),
  role: Role.optional(),
  departmentIds: z.array(DepartmentId).max(500).optional(),
  disabled: z.boolean().optional(),
});
export type UpdateUser = z.infer<typeof UpdateUser>;

export const LoginRequest = z.strictObject({
  username: z.string().min(1).max(256),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

/** What the web client learns about the logged-in caller. */
export const SessionInfo = z.object({
  user: User,
  permissions: z.array(Permission),
  cityWide: z.boolean(),
  csrfToken: z.string(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ApiToken = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scope: TokenScope,
  departmentId: z.string().nullable(),
  createdBy: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const CreateApiToken = z.strictObject({
  name: z.string().trim().min(1).max(200),
  scope: TokenScope,
  departmentId: DepartmentId.nullable().default(null),
  expiresInDays: z.number().int().positive().max(3650).nullable().default(null),
});
export type CreateApiToken = z.infer<typeof CreateApiToken>;

/** Returned once at creation: the only time the secret is ever shown. */
export const CreatedApiToken = z.object({ token: z.string(), apiToken: ApiToken });
export type CreatedApiToken = z.infer<typeof CreatedApiToken>;
