import type { ComponentChildren } from 'preact';
import { categoryMatches } from '../../core/categories.ts';
import type { ListedPaper } from '../../core/paper.ts';
import { listedAt } from '../../feeds/hf-json.ts';
import { paperPath } from '../../feeds/links.ts';
import { thumbnailPath } from '../../feeds/thumbnail.ts';
import { humanDay, humanInstant, plural, textStart } from './format.ts';
import { PaperLinks } from './paper-links.tsx';
import { SaveButton } from './library-controls.tsx';
import { FeedbackControls } from './feedback-controls.tsx';
import type { FeedbackKind } from '../../store/feedback.ts';
import { Submitter } from './submitter.tsx';
import { UpvoteButton } from './upvotes.tsx';
import type { Density } from '../density.ts';

/** The first authors, then `et al. (N authors)`: the author search has them all. */
const AUTHORS_SHOWN = 2;
/** About two lines of a wide card: enough to tell what a paper is about; its page has the rest. */
const CARD_ABSTRACT_CHARS = 170;

/** What a list tells each of its cards. */
export interface CardContext {
  /** The list's own address (path and query): the upvote and the login come back to it. */
  listHref: string;
  /** The signed-in member's form token, the papers they upvoted and saved, and their marks; null when logged out. */
  member: {
    csrf: string;
    upvoted: ReadonlySet<string>;
    saved: ReadonlySet<string>;
    feedback: ReadonlyMap<string, FeedbackKind>;
  } | null;
  /** Lists longer than a day say which day each paper was on the feed. */
  showDay: boolean;
  /** Titles only, or with the start of each abstract (the reader's choice, density.ts). */
  density: Density;
  /** A search's category filter: the categories it matched are marked. */
  category?: string;
}

/** The id of a list's one login form, which its cards' upvote buttons submit when nobody is logged in. */
const VOTE_LOGIN_FORM = 'vote';

/** The id of a paper's card, so a list's address can end at it (`#paper-2603.00010`). */
export function cardAnchor(paperId: string): string {
  return `paper-${paperId}`;
}

/** The search for every paper of the author (a quote inside a name would end the phrase early). */
export function authorQuery(name: string): string {
  return `author:"${name.replace(/"/g, ' ').trim()}"`;
}

/**
 * `/papers?by=Name`: the author's search (`/papers` answers it as `q=author:"Name"`), in an
 * address half the length of the query's own, since every card repeats it for each author.
 */
export function authorSearchHref(name: string): string {
  return `/papers?by=${encodeURIComponent(name).replace(/%20/g, '+')}`;
}

/**
 * One entry of a list (a feed, trending, search results): enough to decide whether to open
 * the paper, and the community's part of it (upvote, discussion, who submitted it).
 * A search passes its highlighted title and abstract.
 */
export function PaperCard(props: {
  item: ListedPaper;
  context: CardContext;
  title?: ComponentChildren;
  abstract?: ComponentChildren;
  /** A list's own addition to the card's last line (the trending sparkline). */
  children?: ComponentChildren;
}) {
  const { item, context, title, abstract, children } = props;
  const { paper, entry } = item;
  const { member } = context;
  // "Not interested" takes the paper out of the member's lists; its own page still shows it.
  if (member?.feedback.get(paper.id) === 'less') return null;
  const href = paperPath(paper.id);
  const shownAuthors = paper.authors.length <= AUTHORS_SHOWN + 1 ? paper.authors : paper.authors.slice(0, AUTHORS_SHOWN);
  return (
    <article class="card" id={cardAnchor(paper.id)}>
      <UpvoteButton
        paperId={paper.id}
        upvotes={paper.upvotes}
        upvoted={member?.upvoted.has(paper.id) ?? false}
        csrf={member?.csrf ?? null}
        next={`${context.listHref}#${cardAnchor(paper.id)}`}
        hint={false}
        loginForm={VOTE_LOGIN_FORM}
      />
      {/* Cards repeat by the dozen: the stylesheet finds their parts by position, not by class. */}
      <div>
        <h2>
          <a href={href}>{title ?? paper.title}</a>
        </h2>
        {shownAuthors.length > 0 && (
          // The authors' line is the card's plain paragraph (the stylesheet finds it after the title).
          <p>
            {shownAuthors.map((name, i) => (
              <>
                {i > 0 && ', '}
                <a href={authorSearchHref(name)}>{name}</a>
              </>
            ))}
            {shownAuthors.length < paper.authors.length && ` et al. (${paper.authors.length} authors)`}
          </p>
        )}
        {context.density === 'abstracts' &&
          (abstract ? (
            <p class="abstract">{abstract}</p>
          ) : (
            paper.abstract && <p class="abstract">{textStart(paper.abstract, CARD_ABSTRACT_CHARS)}</p>
          ))}
        <footer>
          {context.showDay &&
            (entry ? (
              <a href={`/papers/date/${entry.day}`} class="feed-day">
                <time datetime={entry.day}>{humanDay(entry.day)}</time>
              </a>
            ) : (
              <span class="published">
                Published <time datetime={listedAt(item)}>{humanInstant(listedAt(item))}</time>
              </span>
            ))}
          {paper.categories.length > 0 && (
            <span class="categories">
              {paper.categories.map((category) =>
                context.category !== undefined && categoryMatches(context.category, category) ? (
                  <mark class="category matched" title="Matches the category filter">
                    {category}
                  </mark>
                ) : (
                  <span class="category">{category}</span>
                ),
              )}
            </span>
          )}
          <a href={`${href}#comments`}>{plural(paper.numComments, 'comment')}</a>
          {entry && (
            // The stylesheet finds the submitter as the footer's span without a class.
            <span>
              Submitted by <Submitter entry={entry} />
            </span>
          )}
          {/* The arXiv and PDF links wait on the paper's page (one click from the title); code and project links are rarer news. */}
          {context.density === 'abstracts' && <PaperLinks paper={paper} arxiv={false} />}
          {children}
        </footer>
        {member && (
          <SaveButton
            paperId={paper.id}
            saved={member.saved.has(paper.id)}
            csrf={member.csrf}
            next={`${context.listHref}#${cardAnchor(paper.id)}`}
          />
        )}
        {member && (
          <FeedbackControls
            paperId={paper.id}
            mark={member.feedback.get(paper.id)}
            csrf={member.csrf}
            next={`${context.listHref}#${cardAnchor(paper.id)}`}
          />
        )}
      </div>
      {/* The title card repeats the title beside it: decorative, so a screen reader does not read the title twice. */}
      {/* Sized by the stylesheet (.card > img), so the page does not move as it loads. */}
      <img src={thumbnailPath(paper)} alt="" loading="lazy" />
    </article>
  );
}

/**
 * A list of cards, and (nobody logged in) the one login form their upvote buttons share: it
 * sends the list's address, each button its paper, and the login comes back to that card.
 */
export function CardList(props: { context: CardContext; densityToggle?: boolean; children: ComponentChildren }) {
  const { context, densityToggle = false, children } = props;
  return (
    <>
      {context.member === null && (
        <form id={VOTE_LOGIN_FORM} action="/login">
          <input type="hidden" name="next" value={context.listHref} />
        </form>
      )}
      <div class="cards">
        {densityToggle && <DensityToggle density={context.density} listHref={context.listHref} />}
        {children}
      </div>
    </>
  );
}

/** The GET form that switches a list between titles only and titles with abstracts. */
export function DensityToggle(props: { density: Density; listHref: string }) {
  const choices: [Density, string][] = [
    ['titles', 'Titles only'],
    ['abstracts', 'With abstracts'],
  ];
  return (
    <form class="density" method="get" action="/density">
      <input type="hidden" name="next" value={props.listHref} />
      <span class="density-label">Show</span>
      {choices.map(([value, label]) => (
        <button type="submit" name="show" value={value} aria-pressed={props.density === value ? 'true' : 'false'}>
          {label}
        </button>
      ))}
    </form>
  );
}
