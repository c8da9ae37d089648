/**
 * The upvote button, on paper pages and on every card: a plain form post that works without
 * script (answered with a redirect back to `next`); upvote.js turns it into a fetch that
 * updates the count and pressed state in place. Logged out, it is a link to the login page,
 * which brings the reader back to `next` afterwards; on a list, a button of the list's one login
 * form (`loginForm`, paper-card.tsx), so its cards do not each repeat the list's address.
 */
export function UpvoteButton(props: {
  paperId: string;
  upvotes: number;
  upvoted: boolean;
  /** The member's form token; null when logged out (or the paper takes no votes). */
  csrf: string | null;
  /** Where to come back to: the paper page, or a list at this paper's card. */
  next: string;
  /** The tooltip saying what a click does; false on cards, where dozens of them would weigh on the list. */
  hint?: boolean;
  /** On a list, logged out: the id of the list's login form, which the button submits with its paper as `card`. */
  loginForm?: string;
}) {
  const { paperId, upvotes, upvoted, csrf, next, hint = true, loginForm } = props;
  // The count is the control's text, and its label for screen readers (upvote.js keeps both current);
  // `zero` hides a "0" that would box papers nobody upvoted yet.
  const label = `${upvotes} upvotes`;
  const zero = upvotes === 0 ? ' zero' : '';
  if (csrf === null && loginForm !== undefined) {
    return (
      // The card's only button outside a form: the stylesheet finds it without a class.
      <button form={loginForm} name="card" value={paperId} class={zero ? 'zero' : undefined} aria-label={label}>
        {upvotes}
      </button>
    );
  }
  if (csrf === null) {
    return (
      <a
        class={`upvotes${zero}`}
        href={`/login?next=${encodeURIComponent(next)}`}
        title={hint ? 'Log in to upvote' : undefined}
        aria-label={label}
      >
        {upvotes}
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
        class={`upvotes${upvoted ? ' upvoted' : ''}${zero}`}
        aria-pressed={upvoted ? 'true' : 'false'}
        title={hint ? (upvoted ? 'Take your upvote back' : 'Upvote') : undefined}
        aria-label={label}
      >
        {upvotes}
      </button>
    </form>
  );
}
