import type { ComponentChildren } from 'preact';
import type { TrendingExplanation } from '../../rank/trending.ts';
import type { CommentView } from '../../social/comments.ts';
import type { User } from '../../store/accounts.ts';
import { humanInstant, plural } from './format.ts';

export function Discussion(props: { paperId: string; comments: CommentView[]; viewer: User | null; csrf: string | null }) {
  const { paperId, comments, viewer, csrf } = props;
  return (
    <section class="discussion" id="comments">
      <h2>Discussion</h2>
      {comments.length === 0 && <p class="empty">No comments yet.</p>}
      {comments.map((comment) => (
        <Comment comment={comment} viewer={viewer} csrf={csrf} paperId={paperId}>
          {comment.replies.map((reply) => (
            <Comment comment={reply} viewer={viewer} csrf={csrf} paperId={paperId} />
          ))}
          {csrf && comment.author !== null && <CommentForm paperId={paperId} csrf={csrf} parentId={comment.id} label="Reply" />}
        </Comment>
      ))}
      {csrf ? (
        <CommentForm paperId={paperId} csrf={csrf} parentId={null} label="Comment" />
      ) : (
        <p>
          <a href="/login">Log in</a> to join the discussion.
        </p>
      )}
    </section>
  );
}

function Comment(props: {
  comment: CommentView;
  viewer: User | null;
  csrf: string | null;
  paperId: string;
  children?: ComponentChildren;
}) {
  const { comment, viewer, csrf, children } = props;
  const own = viewer !== null && comment.author?.handle === viewer.handle;
  const moderator = viewer !== null && (viewer.role === 'moderator' || viewer.role === 'admin');
  return (
    <article class={comment.hidden ? 'comment hidden-comment' : 'comment'} id={`comment-${comment.id}`}>
      {comment.author === null ? (
        <p class="meta">{comment.deleted ? '[deleted]' : '[hidden by a moderator]'}</p>
      ) : (
        <>
          <p class="meta">
            <strong>{comment.author!.name}</strong> <span>@{comment.author!.handle}</span> ·{' '}
            <time datetime={comment.createdAt}>{humanInstant(comment.createdAt)}</time>
            {comment.editedAt && ' · edited'}
            {comment.hidden && ` · hidden by a moderator: ${comment.hiddenReason ?? ''}`}
          </p>
          {/* Rendered from Markdown and sanitised when it was written (src/social/markdown.ts). */}
          <div class="comment-body" dangerouslySetInnerHTML={{ __html: comment.html }} />
          {csrf && own && (
            <details>
              <summary>Edit or delete</summary>
              <form method="post" action="/community/comment/edit">
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="commentId" value={String(comment.id)} />
                <textarea name="text" rows={4} required>
                  {comment.text}
                </textarea>
                <button type="submit">Save</button>
              </form>
              <form method="post" action="/community/comment/delete">
                <input type="hidden" name="_csrf" value={csrf} />
                <input type="hidden" name="commentId" value={String(comment.id)} />
                <button type="submit">Delete</button>
              </form>
            </details>
          )}
          {csrf && moderator && (
            <form method="post" action="/community/comment/hide" class="moderate">
              <input type="hidden" name="_csrf" value={csrf} />
              <input type="hidden" name="commentId" value={String(comment.id)} />
              <input type="hidden" name="hidden" value={comment.hidden ? 'false' : 'true'} />
              <input type="text" name="reason" placeholder="Reason (public)" required />
              <button type="submit">{comment.hidden ? 'Unhide' : 'Hide'}</button>
            </form>
          )}
        </>
      )}
      {children && <div class="replies">{children}</div>}
    </article>
  );
}

function CommentForm(props: { paperId: string; csrf: string; parentId: number | null; label: string }) {
  return (
    <form method="post" action="/community/comment" class="comment-form">
      <input type="hidden" name="_csrf" value={props.csrf} />
      <input type="hidden" name="paperId" value={props.paperId} />
      {props.parentId !== null && <input type="hidden" name="parentId" value={String(props.parentId)} />}
      <label>
        <span class="visually-hidden">{props.label} (Markdown)</span>
        <textarea name="text" rows={props.parentId === null ? 4 : 2} required placeholder={`${props.label} (Markdown)`} />
      </label>
      <button type="submit">{props.label}</button>
    </form>
  );
}

/** Why the paper ranks where it does on /papers/trending, beside its engagement day by day. */
export function TrendingWhy(props: { explanation: TrendingExplanation; apiHref: string; chart?: ComponentChildren }) {
  const { explanation: e, apiHref, chart } = props;
  return (
    <section class="trending-why">
      <h2>Trending</h2>
      <div class="why-text">
        <p>{e.summary}</p>
        <p class="meta">
          {plural(e.counts.localUpvotes, 'upvote')} here, {e.counts.sourceUpvotes} from the source,{' '}
          {plural(e.counts.commenters, 'commenter')} · <a href="/papers/trending">Trending papers</a> ·{' '}
          <a href={apiHref}>the numbers</a> · how it works: README, “Trending”
        </p>
      </div>
      {chart}
    </section>
  );
}
