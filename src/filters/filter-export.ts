/**
 * A member's filters in their export (GET /api/me/export) and back on another hub
 * (`dailypapers import-member`). Each is restored through the same checks as a new filter, so
 * a malformed or clashing one is reported and skipped; e-mail digests are not turned on by an
 * import (the member turns each on again, as the plain digest is subscribed to again).
 */
import { Refusal } from '../core/refusal.ts';
import type { Store } from '../db/connect.ts';
import { filterEmail, type FilterEmail } from './filter-digest.ts';
import { categoryList, type FilterScope } from './filter-spec.ts';
import { createFilter, filtersOf } from './filters.ts';

export interface FilterExport {
  name: string;
  query: string;
  categories: string[];
  hasCode: boolean | null;
  minUpvotes: number;
  scope: FilterScope;
  public: boolean;
  /** Its e-mail digest when exported; not restored by an import. */
  email: FilterEmail;
  createdAt: string;
}

export async function exportFilters(store: Store, member: { id: number }): Promise<FilterExport[]> {
  const filters = await filtersOf(store, member);
  return Promise.all(
    filters.map(async (f) => ({
      name: f.name,
      query: f.spec.query,
      categories: categoryList(f.spec),
      hasCode: f.spec.hasCode,
      minUpvotes: f.spec.minUpvotes,
      scope: f.spec.scope,
      public: f.public,
      email: await filterEmail(store, f.id),
      createdAt: f.createdAt,
    })),
  );
}

export interface FilterRestore {
  restored: number;
  /** Filters not restored, by name (or position), with the reason in words. */
  skipped: { name: string; reason: string }[];
  /** Restored filters that had an e-mail digest, now off. */
  emailsOff: number;
}

export async function restoreFilters(store: Store, member: { id: number }, list: unknown, now: Date): Promise<FilterRestore> {
  const report: FilterRestore = { restored: 0, skipped: [], emailsOff: 0 };
  if (list === undefined) return report;
  if (!Array.isArray(list)) return { ...report, skipped: [{ name: 'filters', reason: 'not a list' }] };
  for (const [i, item] of list.entries()) {
    const fields = (typeof item === 'object' && item !== null ? item : {}) as Partial<Record<keyof FilterExport, unknown>>;
    const name = typeof fields.name === 'string' ? fields.name : `filter ${i + 1}`;
    try {
      await createFilter(store, member, fields, now);
      report.restored++;
      if (fields.email === 'daily' || fields.email === 'weekly') report.emailsOff++;
    } catch (error) {
      if (!(error instanceof Refusal)) throw error;
      report.skipped.push({ name, reason: error.message });
    }
  }
  return report;
}
