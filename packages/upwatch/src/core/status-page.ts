/**
 * A public status page: chosen monitors in named groups, shown to anyone at `/status/<slug>`.
 * Monitors are kept by id, so renaming one does not break a page; a deleted one drops out.
 */
export interface StatusPage {
  id: string;
  /** The page's address: 1 to 64 lowercase letters, digits and dashes (STATUS_PAGE_SLUG). */
  slug: string;
  title: string;
  /** Shown under the title; '' for none. */
  description: string;
  groups: StatusPageGroup[];
  createdAt: number;
  updatedAt: number;
}

export interface StatusPageGroup {
  name: string;
  /** Monitor ids, in the order they are shown. */
  monitors: string[];
}

/** What a slug may be: no dots, so `/status/<slug>.json` can never be read as another slug. */
export const STATUS_PAGE_SLUG = /^[a-z0-9-]{1,64}$/;
