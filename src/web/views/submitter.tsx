import type { FeedEntry } from '../../core/paper.ts';
import { feedSubmitter } from '../../feeds/hf-json.ts';

/**
 * Who put a paper on the feed. A Hugging Face user who picked it there links to their profile
 * on Hugging Face (the hub has no member pages of its own); members and the automatic accounts
 * (Hugging Face, arXiv, curators) are named without a link.
 */
export function Submitter(props: { entry: FeedEntry }) {
  const { name, fullname, person } = feedSubmitter(props.entry);
  if (!person || props.entry.source !== 'hf') return <>{fullname}</>;
  return (
    <a href={`https://huggingface.co/${encodeURIComponent(name)}`} rel="nofollow noopener">
      {fullname}
    </a>
  );
}
