import type { Site } from '../views/layout.tsx';
import { MessagePage } from '../views/message-page.tsx';

export type NotFoundReason =
  | { kind: 'path' }
  | { kind: 'paper'; id: string; arxivUrl: string | null }
  | { kind: 'unreadable-id'; input: string; help: string }
  | { kind: 'window'; message: string };

/** 404: an unknown address, a paper this hub does not have, or an id that is not one. */
export function NotFoundPage(props: { site: Site; reason: NotFoundReason }) {
  const { site, reason } = props;
  switch (reason.kind) {
    case 'paper':
      return (
        <MessagePage site={site} title="Paper not found">
          <p>
            The paper <code>{reason.id}</code> is not in this hub.
            {reason.arxivUrl && (
              <>
                {' '}
                It may be on <a href={reason.arxivUrl}>arXiv</a>.
              </>
            )}
          </p>
        </MessagePage>
      );
    case 'unreadable-id':
      return (
        <MessagePage site={site} title="Paper id could not be read">
          <p>
            <code>{reason.input}</code> is not a paper in this hub, and could not be read as an arXiv id: {reason.help}.
          </p>
        </MessagePage>
      );
    case 'window':
      return (
        <MessagePage site={site} title="Page not found">
          <p>{reason.message}</p>
        </MessagePage>
      );
    default:
      return (
        <MessagePage site={site} title="Page not found">
          <p>There is nothing at this address.</p>
        </MessagePage>
      );
  }
}
