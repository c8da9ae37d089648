import type { Site } from '../views/layout.tsx';
import { MessagePage } from '../views/message-page.tsx';

/** 500: says sorry and nothing else; the details go to the log. */
export function ServerErrorPage(props: { site: Site }) {
  return (
    <MessagePage site={props.site} title="Something went wrong">
      <p>The server could not show this page. Please try again in a moment.</p>
    </MessagePage>
  );
}
