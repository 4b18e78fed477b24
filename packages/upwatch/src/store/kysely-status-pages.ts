import type { Kysely, Selectable, Transaction } from 'kysely';
import { UpwatchError } from '../core/errors.js';
import type { Incident } from '../core/incident.js';
import type { Monitor } from '../core/monitor.js';
import type { StatusPage } from '../core/status-page.js';
import type { DialectSpecifics } from './dialect-specifics.js';
import { int8, rowToIncident, rowToMonitor } from './rows.js';
import type { Database, StatusPageMonitorTable, StatusPageTable } from './schema.js';

// Status pages over Kysely (KyselyStore delegates here), and the two reads a page's render needs
// for many monitors at once: the monitors themselves and their incidents over a span of time.

/** The status pages of the store over Kysely. */
export class KyselyStatusPages {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly specifics: DialectSpecifics,
  ) {}

  async listStatusPages(): Promise<StatusPage[]> {
    const pages = await this.db.selectFrom('status_pages').selectAll().orderBy('slug').execute();
    const members = await this.db.selectFrom('status_page_monitors').selectAll().orderBy('page_id').orderBy('group_index').orderBy('position').execute();
    const byPage = new Map<string, Selectable<StatusPageMonitorTable>[]>();
    for (const row of members) {
      const rows = byPage.get(row.page_id);
      if (rows) rows.push(row);
      else byPage.set(row.page_id, [row]);
    }
    return pages.map((page) => rowsToPage(page, byPage.get(page.id) ?? []));
  }

  async findStatusPage(slug: string): Promise<StatusPage | undefined> {
    const page = await this.db.selectFrom('status_pages').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!page) return undefined;
    const members = await this.db.selectFrom('status_page_monitors').selectAll().where('page_id', '=', page.id).orderBy('group_index').orderBy('position').execute();
    return rowsToPage(page, members);
  }

  async insertStatusPage(page: StatusPage): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        await trx.insertInto('status_pages').values(pageToRow(page)).execute();
        await this.insertMembers(trx, page);
      });
    } catch (err) {
      throw this.translate(err, page);
    }
  }

  async updateStatusPage(page: StatusPage): Promise<void> {
    try {
      await this.db.transaction().execute(async (trx) => {
        const { id, created_at: _created, ...changes } = pageToRow(page);
        const result = await trx.updateTable('status_pages').set(changes).where('id', '=', id).executeTakeFirstOrThrow();
        if (result.numUpdatedRows === 0n) throw new UpwatchError('NOT_FOUND', `no status page with id "${id}"`);
        await trx.deleteFrom('status_page_monitors').where('page_id', '=', id).execute();
        await this.insertMembers(trx, page);
      });
    } catch (err) {
      throw this.translate(err, page);
    }
  }

  async deleteStatusPage(slug: string): Promise<boolean> {
    // Its monitor rows go with it (on delete cascade).
    const result = await this.db.deleteFrom('status_pages').where('slug', '=', slug).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async findMonitorsByIds(ids: readonly string[]): Promise<Monitor[]> {
    const monitors: Monitor[] = [];
    for (const chunk of chunks(ids, this.specifics.maxParameters)) {
      //   SEARCH monitors USING INDEX sqlite_autoindex_monitors_1 (id=?)
      const rows = await this.db.selectFrom('monitors').selectAll().where('id', 'in', chunk).execute();
      for (const row of rows) monitors.push(rowToMonitor(row));
    }
    return monitors;
  }

  async listIncidentsOverlapping(monitorIds: readonly string[], query: { from: number; to: number; limit: number }): Promise<Incident[]> {
    const found: Incident[] = [];
    for (const chunk of chunks(monitorIds, this.specifics.maxParameters - 2)) {
      //   SEARCH incidents USING INDEX incidents_monitor_started (monitor_id=? AND started_at<?)
      const rows = await this.db
        .selectFrom('incidents')
        .selectAll()
        .where('monitor_id', 'in', chunk)
        .where('started_at', '<', query.to)
        .where((eb) => eb.or([eb('resolved_at', 'is', null), eb('resolved_at', '>=', query.from)]))
        .orderBy('started_at', 'desc')
        .orderBy('id', 'desc')
        .limit(query.limit)
        .execute();
      for (const row of rows) found.push(rowToIncident(row));
    }
    // Each chunk is in order and cut at the limit; merged, the newest `limit` of all are among them.
    return found.sort((a, b) => b.startedAt - a.startedAt || (a.id < b.id ? 1 : -1)).slice(0, query.limit);
  }

  /** The page's monitors, a row each, in as few statements as the parameter limit allows. */
  private async insertMembers(trx: Transaction<Database>, page: StatusPage): Promise<void> {
    const rows = page.groups.flatMap((group, groupIndex) => group.monitors.map((monitorId, position) => ({ page_id: page.id, group_index: groupIndex, position, monitor_id: monitorId })));
    for (const chunk of chunks(rows, Math.floor(this.specifics.maxParameters / 4))) {
      await trx.insertInto('status_page_monitors').values(chunk).execute();
    }
  }

  /** A taken slug is a CONFLICT naming it; a monitor that is not there, NOT_FOUND. */
  private translate(err: unknown, page: StatusPage): unknown {
    if (this.specifics.isUniqueViolation(err)) {
      return new UpwatchError('CONFLICT', `a status page with the slug "${page.slug}" exists already`, { cause: err, fields: [{ path: 'slug', message: 'is taken by another status page' }] });
    }
    if (this.specifics.isForeignKeyViolation(err)) {
      return new UpwatchError('NOT_FOUND', `status page "${page.slug}": one of its monitors does not exist`, { cause: err, fields: [{ path: 'groups', message: 'names a monitor that does not exist' }] });
    }
    return err;
  }
}

function pageToRow(page: StatusPage) {
  return {
    id: page.id,
    slug: page.slug,
    title: page.title,
    description: page.description,
    group_names: JSON.stringify(page.groups.map((g) => g.name)),
    created_at: page.createdAt,
    updated_at: page.updatedAt,
  };
}

/** A page from its row and its monitor rows, these in group and position order. */
function rowsToPage(row: Selectable<StatusPageTable>, members: Selectable<StatusPageMonitorTable>[]): StatusPage {
  const groups = (JSON.parse(row.group_names) as string[]).map((name) => ({ name, monitors: [] as string[] }));
  for (const member of members) groups[member.group_index]?.monitors.push(member.monitor_id);
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    groups,
    createdAt: int8(row.created_at),
    updatedAt: int8(row.updated_at),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
