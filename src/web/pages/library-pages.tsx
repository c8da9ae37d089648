/** `/library` (a member's saved papers and collections) and `/collections/{id}` (one collection). */
import { paperPath } from '../../feeds/links.ts';
import type { Paper } from '../../core/paper.ts';
import type { Collection, LibraryEntry } from '../../store/library.ts';
import { humanInstant } from '../views/format.ts';
import { Layout, type Site } from '../views/layout.tsx';
import { ExportLinks } from '../views/library-controls.tsx';
import { Follow, followCollection } from '../views/follow.tsx';

function Csrf(props: { token: string }) {
  return <input type="hidden" name="_csrf" value={props.token} />;
}

export interface LibraryView {
  /** Which papers are shown: all, read or unread, one collection. */
  read: boolean | null;
  collection: Collection | null;
}

function filterHref(view: { read: boolean | null; collection: number | null }): string {
  const query = new URLSearchParams();
  if (view.collection !== null) query.set('collection', String(view.collection));
  if (view.read !== null) query.set('read', String(view.read));
  const text = query.toString();
  return text ? `/library?${text}` : '/library';
}

export function LibraryPage(props: {
  site: Site;
  csrf: string;
  entries: LibraryEntry[];
  collections: Collection[];
  view: LibraryView;
  /** The outcome of the last import, shown once. */
  imported?: { summary: string; problems: string[] } | null;
}) {
  const { site, csrf, entries, collections, view, imported } = props;
  const here = filterHref({ read: view.read, collection: view.collection?.id ?? null });
  const collectionId = view.collection?.id ?? null;
  const exportQuery = collectionId !== null ? `&collection=${collectionId}` : '';
  return (
    <Layout
      site={site}
      title="Your library — Daily Papers"
      head={{ description: 'Your saved papers, notes and collections.', path: here }}
      tabs={null}
    >
      <section class="library">
        <h1>{view.collection ? `Your library: ${view.collection.name}` : 'Your library'}</h1>
        <nav class="library-filters" aria-label="Show">
          {(
            [
              [null, 'All'],
              [false, 'Unread'],
              [true, 'Read'],
            ] as const
          ).map(([read, label]) => (
            <a href={filterHref({ read, collection: collectionId })} aria-current={view.read === read ? 'page' : undefined}>
              {label}
            </a>
          ))}
          {' · '}
          <a href={filterHref({ read: view.read, collection: null })} aria-current={collectionId === null ? 'page' : undefined}>
            Every collection
          </a>
          {collections.map((c) => (
            <>
              {' '}
              <a
                href={filterHref({ read: view.read, collection: c.id })}
                aria-current={collectionId === c.id ? 'page' : undefined}
              >
                {c.name} ({c.paperCount})
              </a>
            </>
          ))}
        </nav>
        <ExportLinks href={(format) => `/api/me/library/export?format=${format}${exportQuery}`} />
        {imported && (
          <div role="status" class="notice">
            <p>{imported.summary}</p>
            {imported.problems.length > 0 && (
              <ul>
                {imported.problems.map((problem) => (
                  <li>{problem}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {entries.length === 0 ? (
          <p>No papers here yet. Save papers from their pages, or import a BibTeX or RIS file below.</p>
        ) : (
          <ul class="library-entries">
            {entries.map((entry) => (
              <LibraryEntryItem entry={entry} collections={collections} csrf={csrf} next={here} />
            ))}
          </ul>
        )}
      </section>
      <section class="library-collections">
        <h2>Collections</h2>
        {collections.length > 0 && (
          <ul>
            {collections.map((c) => (
              <li>
                <a href={`/collections/${c.id}`}>{c.name}</a> · {c.public ? 'public' : 'private'} · {c.paperCount}{' '}
                {c.paperCount === 1 ? 'paper' : 'papers'}
                <form method="post" action={`/library/collections/${c.id}`}>
                  <Csrf token={csrf} />
                  <input type="hidden" name="public" value={c.public ? 'false' : 'true'} />
                  <button type="submit">{c.public ? 'Make private' : 'Make public'}</button>
                </form>
                <form method="post" action={`/library/collections/${c.id}/delete`}>
                  <Csrf token={csrf} />
                  <button type="submit">Delete collection</button>
                </form>
              </li>
            ))}
          </ul>
        )}
        <form method="post" action="/library/collections">
          <Csrf token={csrf} />
          <label>
            New collection <input type="text" name="name" required maxLength={100} />
          </label>
          <label>
            <input type="checkbox" name="public" value="true" /> Public (a page and a feed anyone can read)
          </label>
          <button type="submit">Create</button>
        </form>
      </section>
      <section class="library-import">
        <h2>Import</h2>
        <p>
          A BibTeX or RIS file, as Zotero, Mendeley or Google Scholar export it: every entry that names an arXiv paper of this
          hub, or has the title of one, is saved; the rest are listed.
        </p>
        <form method="post" action="/library/import" enctype="multipart/form-data">
          <Csrf token={csrf} />
          <input type="file" name="file" accept=".bib,.bibtex,.ris,.txt" required aria-label="BibTeX or RIS file" />
          <button type="submit">Import</button>
        </form>
      </section>
    </Layout>
  );
}

function LibraryEntryItem(props: { entry: LibraryEntry; collections: Collection[]; csrf: string; next: string }) {
  const { entry, collections, csrf, next } = props;
  const { paper } = entry;
  return (
    <li class="library-entry" id={`saved-${paper.id}`}>
      <h3>
        <a href={paperPath(paper.id)}>{paper.title}</a>
      </h3>
      {paper.authors.length > 0 && <p class="authors">{paper.authors.join(', ')}</p>}
      <p class="meta">
        Saved {humanInstant(entry.savedAt)}
        {entry.readAt && ` · read ${humanInstant(entry.readAt)}`}
      </p>
      <form method="post" action="/library/entry">
        <Csrf token={csrf} />
        <input type="hidden" name="paperId" value={paper.id} />
        <input type="hidden" name="next" value={next} />
        <label>
          Private note
          <textarea name="note" rows={2} maxLength={10_000}>
            {entry.note ?? ''}
          </textarea>
        </label>
        <label>
          <input type="checkbox" name="read" value="true" checked={entry.readAt !== null} /> Read
        </label>
        {collections.length > 0 && (
          <fieldset>
            <legend>Collections</legend>
            {collections.map((c) => (
              <label>
                <input type="checkbox" name="collection" value={String(c.id)} checked={entry.collectionIds.includes(c.id)} />{' '}
                {c.name}
              </label>
            ))}
          </fieldset>
        )}
        <button type="submit">Save changes</button>
      </form>
      <form method="post" action="/library/remove">
        <Csrf token={csrf} />
        <input type="hidden" name="paperId" value={paper.id} />
        <input type="hidden" name="next" value={next} />
        <button type="submit">Remove from library</button>
      </form>
    </li>
  );
}

export function CollectionPage(props: {
  site: Site;
  collection: Collection;
  owner: { handle: string; name: string };
  papers: Paper[];
  feedHref: string;
}) {
  const { site, collection, owner, papers, feedHref } = props;
  return (
    <Layout
      site={site}
      title={`${collection.name} — a collection by ${owner.name} — Daily Papers`}
      head={{
        description: collection.description || `${papers.length} papers collected by ${owner.name} on Daily Papers.`,
        path: `/collections/${collection.id}`,
      }}
      tabs={null}
      alternate={collection.public ? { title: collection.name, href: feedHref } : undefined}
    >
      <section class="collection">
        <h1>{collection.name}</h1>
        <p class="meta">
          A {collection.public ? 'public' : 'private'} collection by {owner.name} (@{owner.handle}) · {papers.length}{' '}
          {papers.length === 1 ? 'paper' : 'papers'}
          {collection.public && (
            <>
              {' · '}
              <a href={feedHref}>Atom feed</a>
            </>
          )}
        </p>
        {collection.public && <Follow {...followCollection(site, collection.id)} />}
        {collection.description && <p>{collection.description}</p>}
        <ExportLinks
          href={(format) =>
            collection.public
              ? `/api/collections/${collection.id}/export?format=${format}`
              : `/api/me/library/export?format=${format}&collection=${collection.id}`
          }
        />
        <ul class="collection-papers">
          {papers.map((paper) => (
            <li>
              <a href={paperPath(paper.id)}>{paper.title}</a>
              {paper.authors.length > 0 && <span class="authors"> — {paper.authors.join(', ')}</span>}
            </li>
          ))}
        </ul>
      </section>
    </Layout>
  );
}
