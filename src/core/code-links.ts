/**
 * The code repository and project page a paper's own words name. arXiv has no field for
 * them, so authors write them in the comments or the abstract ("Code:
 * https://github.com/x/y", "Project page: https://x.github.io/y").
 */
export interface CodeLinks {
  githubRepo: string | null;
  projectPage: string | null;
}

// Stops at the characters that close a URL in prose and TeX: spaces, brackets, quotes, `\`.
const URL_IN_TEXT = /https?:\/\/[^\s<>()[\]{}"'\\]+/gi;
// A repository is its owner and name: github.com/owner/repo, gitlab.com/group/project,
// huggingface.co/owner/model or its datasets/ or spaces/.
const REPOSITORY = /^https?:\/\/(?:www\.)?(github\.com|gitlab\.com|huggingface\.co)\/((?:datasets\/|spaces\/)?[\w.-]+\/[\w.-]+)/i;
// huggingface.co paths that are the site's own pages, not someone's repository.
const HF_SITE_PAGES = /^(?:papers|docs|blog|learn|collections|organizations|settings|join|login)\//i;
// Words that introduce a project page: "Project page: URL", "project website is available at URL".
const PROJECT_PAGE_LABEL =
  /\b(?:project(?:\s+(?:page|site|website|webpage|homepage))?|home\s?page|web\s?page|website)\b[^.;]{0,30}$/i;
// Pages that GitHub hosts for projects (owner.github.io) are project pages whatever the label.
const PAGES_HOST = /^https?:\/\/[\w.-]+\.github\.io(?:\/|$)/i;

/** The first repository and the first project page in the texts, in order (comments, then abstract). */
export function codeLinksIn(...texts: (string | null)[]): CodeLinks {
  let githubRepo: string | null = null;
  let hfRepo: string | null = null;
  let projectPage: string | null = null;
  for (const text of texts) {
    if (!text) continue;
    let previousEnd = 0;
    for (const match of text.matchAll(URL_IN_TEXT)) {
      const url = match[0].replace(/[.,;:!?]+$/, '');
      const before = text.slice(previousEnd, match.index);
      previousEnd = match.index + match[0].length;
      const repository = repositoryOf(url);
      if (repository?.startsWith('https://huggingface.co/')) hfRepo ??= repository;
      else if (repository) githubRepo ??= repository;
      else if (PAGES_HOST.test(url) || PROJECT_PAGE_LABEL.test(before)) projectPage ??= url;
    }
  }
  // A GitHub or GitLab repository is the code; a Hugging Face one only when there is no other.
  return { githubRepo: githubRepo ?? hfRepo, projectPage };
}

function repositoryOf(url: string): string | null {
  const match = REPOSITORY.exec(url);
  if (!match) return null;
  const host = match[1]!.toLowerCase();
  const path = match[2]!.replace(/\.git$/i, '');
  if (host === 'huggingface.co' && HF_SITE_PAGES.test(path)) return null;
  return `https://${host}/${path}`;
}
