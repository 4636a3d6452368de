/** SQLite refused because another connection holds a lock it needs (retried as RETRY.databaseLock says, src/util/retry.ts). */
export function isLocked(error: unknown): boolean {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'));
}
