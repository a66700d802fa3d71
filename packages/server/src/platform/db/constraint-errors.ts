/**
 * Recognises constraint violations across the two engines. This is the one dialect difference in error
 * handling: better-sqlite3 reports `SQLITE_CONSTRAINT_*` codes, pg reports SQLSTATE classes.
 */
export type ConstraintKind = 'unique' | 'foreign_key';

export function constraintViolation(error: unknown): ConstraintKind | null {
  if (typeof error !== 'object' || error === null || !('code' in error)) return null;
  const code = (error as { code: unknown }).code;
  if (code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === '23505') {
    return 'unique';
  }
  // SQLite reports ON DELETE RESTRICT, which it implements as a trigger, as SQLITE_CONSTRAINT_TRIGGER.
  if (code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === 'SQLITE_CONSTRAINT_TRIGGER' || code === '23503') {
    return 'foreign_key';
  }
  return null;
}
