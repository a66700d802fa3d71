import { z } from 'zod';

/** A department id is a short slug, used in URLs, files and on every domain object. */
export const DepartmentId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, 'must be 1-63 lowercase letters, digits, "-" or "_", starting alphanumeric');

export const Department = z.object({
  id: DepartmentId,
  name: z.string(),
  description: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Department = z.infer<typeof Department>;

export const CreateDepartment = z.strictObject({
  id: DepartmentId,
  name: z.string().trim().min(1).max(200),
  description: z.string().max(2000).default(''),
});
export type CreateDepartment = z.infer<typeof CreateDepartment>;

export const UpdateDepartment = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  description: z.string().max(2000).optional(),
});
export type UpdateDepartment = z.infer<typeof UpdateDepartment>;
