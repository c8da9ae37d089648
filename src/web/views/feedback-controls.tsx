/**
 * What a member tells the hub about their taste, as plain forms (no script needed): "More like
 * this" / "Not interested" on a card or a paper page, and Follow buttons for authors and
 * categories. Each form posts with the page's CSRF token and comes back to `next`.
 */
import type { FeedbackKind } from '../../store/feedback.ts';
import type { FollowKind } from '../../store/follows.ts';

const LABELS: Record<FeedbackKind, string> = { more: 'More like this', less: 'Not interested' };

/** One form, two buttons; the pressed one withdraws the mark (`kind=none`). */
export function FeedbackControls(props: { paperId: string; mark: FeedbackKind | undefined; csrf: string; next: string }) {
  const { paperId, mark, csrf, next } = props;
  return (
    <form class="feedback" method="post" action="/feedback">
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="paperId" value={paperId} />
      <input type="hidden" name="next" value={next} />
      {(['more', 'less'] as const).map((kind) => (
        <button type="submit" name="kind" value={mark === kind ? 'none' : kind} aria-pressed={mark === kind ? 'true' : 'false'}>
          {LABELS[kind]}
          {mark === kind && ' ✓'}
        </button>
      ))}
    </form>
  );
}

export interface FollowChoice {
  kind: FollowKind;
  value: string;
  followed: boolean;
}

/**
 * Follow (or unfollow) buttons for a few authors and categories: one form each way, each button
 * sending its own name (`author=…` or `category=…`).
 */
export function FollowButtons(props: { choices: readonly FollowChoice[]; csrf: string; next: string; label: string }) {
  const { choices, csrf, next, label } = props;
  const form = (action: string, followed: boolean) => {
    const shown = choices.filter((c) => c.followed === followed);
    if (shown.length === 0) return null;
    return (
      <form class="follow" method="post" action={action}>
        <input type="hidden" name="_csrf" value={csrf} />
        <input type="hidden" name="next" value={next} />
        {shown.map((c) => (
          <button type="submit" name={c.kind} value={c.value} aria-pressed={followed ? 'true' : 'false'}>
            {followed ? `Following ${c.value} ✓` : `Follow ${c.value}`}
          </button>
        ))}
      </form>
    );
  };
  return (
    <div class="follows" aria-label={label} role="group">
      {form('/follows', false)}
      {form('/follows/remove', true)}
    </div>
  );
}

/** The paper page's taste controls: the marks (where a hidden paper is brought back) and following its authors and categories. */
export function PaperTasteControls(props: {
  paperId: string;
  mark: FeedbackKind | undefined;
  follows: readonly FollowChoice[];
  csrf: string;
  next: string;
}) {
  const { paperId, mark, follows, csrf, next } = props;
  return (
    <div class="taste-controls">
      {mark === 'less' && <p>You marked this paper not interested: it is hidden from your lists.</p>}
      <FeedbackControls paperId={paperId} mark={mark} csrf={csrf} next={next} />
      {follows.length > 0 && (
        <details class="follow-menu">
          <summary>Follow its authors or categories</summary>
          <FollowButtons choices={follows} csrf={csrf} next={next} label="Authors and categories of this paper" />
        </details>
      )}
    </div>
  );
}
