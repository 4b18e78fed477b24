import type { Migration, MigrationProvider } from 'kysely';
import * as initial from './001-initial.js';
import * as deliveryAttempts from './002-delivery-attempts.js';
import * as maintenanceWindows from './003-maintenance-windows.js';
import * as heartbeatsAndCertificates from './004-heartbeats-and-certificates.js';
import * as compactChecks from './005-compact-checks.js';
import * as checkRollups from './006-check-rollups.js';
import * as accounts from './007-accounts.js';
import * as statusPages from './008-status-pages.js';
import * as notifiers from './009-notifiers.js';

/**
 * Every migration, by name, in order. Listed here rather than found on disk so the compiled
 * package needs no directory scan; a new migration is one import and one line.
 */
const MIGRATIONS: Record<string, Migration> = {
  '001-initial': initial,
  '002-delivery-attempts': deliveryAttempts,
  '003-maintenance-windows': maintenanceWindows,
  '004-heartbeats-and-certificates': heartbeatsAndCertificates,
  '005-compact-checks': compactChecks,
  '006-check-rollups': checkRollups,
  '007-accounts': accounts,
  '008-status-pages': statusPages,
  '009-notifiers': notifiers,
};

/** The migration provider for Kysely's Migrator, shared by every dialect. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
