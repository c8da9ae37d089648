/**
 * The note on a page whose list or numbers came from the newest papers only, while the archive is
 * first indexed (SearchIndex.holdsNewestOnly): one wording for search, similar papers, topics,
 * filters and recommendations, completed by what the page shows.
 */
export function IndexingNote(props: {
  /** What covered the newest papers only, e.g. “this search covered”. */
  covered: string;
  /** What is still to come, e.g. “Older matches”. */
  older: string;
}) {
  return (
    <p class="notice">
      The archive is still being indexed: {props.covered} its newest papers only. {props.older} appear once indexing finishes,
      within minutes.
    </p>
  );
}
