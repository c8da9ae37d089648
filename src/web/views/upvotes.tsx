/** The upvote count in its box; voting itself arrives with accounts. */
export function Upvotes(props: { count: number }) {
  return (
    <div class="upvotes" title={`${props.count} upvotes`}>
      <span class="upvote-arrow" aria-hidden="true">
        ▲
      </span>
      <span class="upvote-count">{props.count}</span>
      <span class="visually-hidden"> upvotes</span>
    </div>
  );
}
