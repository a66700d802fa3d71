export {
  type BackupService,
  type BackupSummary,
  createBackupService,
  openBackupStore,
  verifyBackup,
} from './backup.service.ts';
export { type BackupSecret, generateKeyFileText, passphraseSecret, readKeyFile } from './backup-keys.ts';
