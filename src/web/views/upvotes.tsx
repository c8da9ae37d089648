/**
 * The upvote button, on paper pages and on every card: a plain form post that works without
 * script (answered with a redirect back to `next`); upvote.js turns it into a fetch that
 * updates the count and pressed state in place. Logged out, it is a link to the login page,
 * which brings the reader back to `next` afterwards.
 */
export function UpvoteButton(props: {
  paperId: string;
  upvotes: number;
  upvoted: boolean;
  /** The member's form token; null when logged out (or the paper takes no votes). */
  csrf: string | null;
  /** Where to come back to: the paper page, or a list at this paper's card. */
  next: string;
}) {
  const { paperId, upvotes, upvoted, csrf, next } = props;
  const inner = (
    <>
      {/* No "0" box on papers nobody upvoted yet; screen readers still hear the count. */}
      <span class={upvotes === 0 ? 'upvote-count zero' : 'upvote-count'}>{upvotes}</span>
      <span class="visually-hidden"> upvotes</span>
    </>
  );
  if (csrf === null) {
    return (
      <a class="upvotes" href={`/login?next=${encodeURIComponent(next)}`} title="Log in to upvote">
        {inner}
      </a>
    );
  }
  return (
    <form class="upvote-form" method="post" action="/community/upvote" data-paper-id={paperId}>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="paperId" value={paperId} />
      <input type="hidden" name="upvote" value={upvoted ? 'off' : 'on'} />
      <input type="hidden" name="next" value={next} />
      <button
        type="submit"
        class={upvoted ? 'upvotes upvoted' : 'upvotes'}
        aria-pressed={upvoted ? 'true' : 'false'}
        title={upvoted ? 'Take your upvote back' : 'Upvote'}
      >
        {inner}
      </button>
    </form>
  );
}
