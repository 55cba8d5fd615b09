import type { Database } from '../db.js';
import type { HealthCheck } from './health-check.js';

/**
 * The database answers a real query, and every migration this build knows has been applied
 * (an instance started on an older schema, or a migration that failed half-way, is not ready).
 */
export function databaseChecks(db: Database): HealthCheck[] {
  return [
    {
      name: 'database',
      run: async () => {
        await db.dataSource.query('SELECT 1');
      },
    },
    {
      name: 'migrations',
      run: async () => {
        if (await db.dataSource.showMigrations()) throw new Error('migrations are pending');
      },
    },
  ];
}
