import { arxivLinks, safeHttpUrl } from '../../feeds/links.ts';
import type { Paper } from '../../core/paper.ts';

/** arXiv, PDF (unless `arxiv` is false), code and project page links, each only when the paper has it. */
export function PaperLinks(props: { paper: Paper; arxiv?: boolean }) {
  const { paper } = props;
  const arxiv = props.arxiv === false ? null : arxivLinks(paper.id);
  const code = safeHttpUrl(paper.githubRepo);
  const project = safeHttpUrl(paper.projectPage);
  if (!arxiv && !code && !project) return null;
  return (
    <span class="links">
      {arxiv && <a href={arxiv.abs}>arXiv</a>}
      {arxiv && <a href={arxiv.pdf}>PDF</a>}
      {code && <a href={code}>Code</a>}
      {project && <a href={project}>Project page</a>}
    </span>
  );
}
