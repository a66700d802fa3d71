import { randomUUID } from 'node:crypto';
import {
  canSeeDepartment,
  ConflictError,
  Password,
  SYSTEM_PRINCIPAL,
  type CreateUser,
  InputError,
  NotFoundError,
  type Principal,
  requireDepartment,
  requirePermission,
  ROLES,
  type UpdateUser,
  type User,
} from '@citysoc/core';
import type { Store } from '../../platform/db/database.ts';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import type { AuditLog } from '../audit/index.ts';
import { generatePassword, hashPassword } from './secrets.ts';
import {
  countAdmins,
  countUsers,
  findUserById,
  sealPlaintextDisplayNames,
  insertUser,
  listUsers,
  replaceGrants,
  type StoredUser,
  updateUserRow,
} from './users.repository.ts';
import { deleteSessionsOfUser, sealPlaintextClientAddresses } from './sessions.repository.ts';
import type { PersonalFields } from './personal-fields.ts';

function publicUser({ passwordHash: _hash, ...user }: StoredUser): User {
  return user;
}

export interface UsersService {
  list(actor: Principal): Promise<User[]>;
  count(actor: Principal): Promise<number>;
  get(actor: Principal, id: string): Promise<User>;
  create(actor: Principal, input: CreateUser): Promise<User>;
  update(actor: Principal, id: string, changes: UpdateUser): Promise<User>;
  /** On an empty database, creates `admin`; returns the password when it was generated, to print once. */
  ensureInitialAdmin(password: string): Promise<{ created: boolean; generatedPassword: string | null }>;
  /**
   * Seals the personal fields an earlier version stored in plaintext (display names, session addresses); run at
   * every start, it finds nothing to do after the first. Returns how many values it sealed.
   */
  sealStoredPersonalFields(): Promise<{ displayNames: number; clientAddresses: number }>;
}

function translateWriteError(error: unknown, username: string): never {
  const violation = constraintViolation(error);
  if (violation === 'unique') throw new ConflictError(`User '${username}' already exists`);
  if (violation === 'foreign_key') throw new InputError('A granted department does not exist');
  throw error;
}

export function createUsersService(deps: {
  store: Store;
  audit: AuditLog;
  /** Seals display names at rest (see PersonalFields). */
  personal: PersonalFields;
  now?: () => Date;
}): UsersService {
  const { store, audit, personal: fields } = deps;
  const now = deps.now ?? (() => new Date());

  function assertGrantable(actor: Principal, departmentIds: readonly string[]): void {
    for (const id of departmentIds) requireDepartment(actor, id, `Department '${id}'`);
  }

  async function visibleUser(actor: Principal, id: string): Promise<StoredUser> {
    const user = await findUserById(store.db, id, fields);
    const visible = actor.departments.all || user?.departmentIds.some((d) => canSeeDepartment(actor, d));
    if (!user || !visible) throw new NotFoundError(`User '${id}' not found`);
    return user;
  }

  async function create(actor: Principal, input: CreateUser): Promise<User> {
    requirePermission(actor, 'users.manage');
    assertGrantable(actor, input.departmentIds);
    const at = now().toISOString();
    const row = {
      id: randomUUID(),
      username: input.username,
      display_name: input.displayName ?? input.username,
      password_hash: await hashPassword(input.password),
      role: input.role,
      created_at: at,
      updated_at: at,
      disabled_at: null,
      last_login_at: null,
    };
    try {
      return await audit.transact(actor, async (trx, record) => {
        await insertUser(trx, row, input.departmentIds, fields);
        const user = publicUser((await findUserById(trx, row.id, fields)) as StoredUser);
        record({
          action: 'user.create',
          targetType: 'user',
          targetId: user.id,
          departmentId: user.departmentIds[0] ?? null,
          after: user,
          details: { username: user.username, role: user.role, departmentIds: user.departmentIds },
        });
        return user;
      });
    } catch (error) {
      translateWriteError(error, input.username);
    }
  }

  return {
    async list(actor) {
      requirePermission(actor, 'users.read');
      return (await listUsers(store.db, actor.departments, fields)).map(publicUser);
    },

    count(actor) {
      requirePermission(actor, 'users.read');
      return countUsers(store.db, actor.departments);
    },

    async get(actor, id) {
      requirePermission(actor, 'users.read');
      return publicUser(await visibleUser(actor, id));
    },

    create,

    async update(actor, id, changes) {
      requirePermission(actor, 'users.manage');
      const before = await visibleUser(actor, id);
      if (changes.departmentIds) assertGrantable(actor, changes.departmentIds);
      const passwordHash = changes.password ? await hashPassword(changes.password) : undefined;
      try {
        return await audit.transact(actor, async (trx, record) => {
          const at = now().toISOString();
          await updateUserRow(
            trx,
            id,
            {
              updated_at: at,
              ...(changes.displayName !== undefined && { display_name: changes.displayName }),
              ...(changes.role !== undefined && { role: changes.role }),
              ...(passwordHash !== undefined && { password_hash: passwordHash }),
              ...(changes.disabled !== undefined && { disabled_at: changes.disabled ? at : null }),
            },
            fields,
          );
          if (changes.departmentIds) await replaceGrants(trx, id, changes.departmentIds);
          // Counted inside the transaction, after the change: the city must always keep an active admin.
          if (before.role === 'admin' && (await countAdmins(trx)) === 0) {
            throw new ConflictError('This change would leave the city without an active administrator');
          }
          // A password change or disabling ends every session of that user at once.
          if (passwordHash !== undefined || changes.disabled === true) await deleteSessionsOfUser(trx, id);
          const after = publicUser((await findUserById(trx, id, fields)) as StoredUser);
          const changed = Object.keys(changes).filter((k) => k !== 'password');
          record({
            action: 'user.update',
            targetType: 'user',
            targetId: id,
            departmentId: after.departmentIds[0] ?? null,
            before: publicUser(before),
            after,
            details: {
              username: after.username,
              changed,
              ...(passwordHash !== undefined && { passwordChanged: true }),
              ...(changes.role !== undefined && { role: after.role }),
              ...(changes.departmentIds !== undefined && { departmentIds: after.departmentIds }),
            },
          });
          return after;
        });
      } catch (error) {
        translateWriteError(error, before.username);
      }
    },

    async sealStoredPersonalFields() {
      const displayNames = await sealPlaintextDisplayNames(store.db, fields);
      const clientAddresses = await sealPlaintextClientAddresses(store.db, fields);
      return { displayNames, clientAddresses };
    },

    async ensureInitialAdmin(password) {
      if ((await countUsers(store.db, { all: true })) > 0) return { created: false, generatedPassword: null };
      const generated = password === '' ? generatePassword() : null;
      const checked = Password.safeParse(generated ?? password);
      if (!checked.success) {
        throw new InputError(`CITYSOC_ADMIN_PASSWORD ${checked.error.issues[0]?.message ?? 'is invalid'}`);
      }
      await create(SYSTEM_PRINCIPAL, {
        username: 'admin',
        displayName: ROLES.admin.title,
        password: generated ?? password,
        role: 'admin',
        departmentIds: [],
      });
      return { created: true, generatedPassword: generated };
    },
  };
}
