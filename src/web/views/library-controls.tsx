/** The library's controls on other pages: the Save button and the Cite menu. */
import { CITATION_FORMATS, type CitationFormat, type CitedPaper, formatCitations } from '../../library/cite.ts';

const FORMAT_LABELS: Record<CitationFormat, string> = { bibtex: 'BibTeX', ris: 'RIS', 'csl-json': 'CSL-JSON' };

/**
 * Save (or remove) a paper: a plain form, so it works without script. Logged out, a link to
 * log in that comes back to the page.
 */
export function SaveButton(props: { paperId: string; saved: boolean; csrf: string | null; next: string }) {
  const { paperId, saved, csrf, next } = props;
  if (csrf === null)
    return (
      <a class="save-button" href={`/login?next=${encodeURIComponent(next)}`}>
        Save
      </a>
    );
  return (
    <form class="save-button" method="post" action={saved ? '/library/remove' : '/library/save'}>
      <input type="hidden" name="_csrf" value={csrf} />
      <input type="hidden" name="paperId" value={paperId} />
      <input type="hidden" name="next" value={next} />
      <button type="submit" aria-pressed={saved ? 'true' : 'false'}>
        {saved ? 'Saved ✓' : 'Save'}
      </button>
    </form>
  );
}

/** "Cite": the paper in each format, as text to copy and as a download. */
export function CiteMenu(props: { paper: CitedPaper; hubUrl: string }) {
  const { paper, hubUrl } = props;
  const api = `/api/papers/${encodeURIComponent(paper.id)}/cite`;
  return (
    <details class="cite">
      <summary>Cite</summary>
      {CITATION_FORMATS.map((format) => (
        <section>
          <h3>{FORMAT_LABELS[format]}</h3>
          <pre tabIndex={0}>{formatCitations([paper], format, hubUrl)}</pre>
          <a href={`${api}?format=${format}`} download>
            Download {FORMAT_LABELS[format]}
          </a>
        </section>
      ))}
    </details>
  );
}

/** Download links for a list of papers in each format. */
export function ExportLinks(props: { href: (format: CitationFormat) => string }) {
  return (
    <p class="export-links">
      Export:{' '}
      {CITATION_FORMATS.map((format, i) => (
        <>
          {i > 0 && ' · '}
          <a href={props.href(format)} download>
            {FORMAT_LABELS[format]}
          </a>
        </>
      ))}
    </p>
  );
}

/** The paper page's line of library controls: Save and Cite. */
export function PaperLibraryControls(props: {
  paper: CitedPaper;
  saved: boolean;
  csrf: string | null;
  next: string;
  hubUrl: string;
}) {
  const { paper, saved, csrf, next, hubUrl } = props;
  return (
    <div class="library-controls">
      <SaveButton paperId={paper.id} saved={saved} csrf={csrf} next={next} />
      <CiteMenu paper={paper} hubUrl={hubUrl} />
    </div>
  );
}
