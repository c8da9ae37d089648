import type { Site } from '../views/layout.tsx';
import { MessagePage } from '../views/message-page.tsx';

/** 400: a parameter the page cannot use; the message names it (it is ours, never an exception's). */
export function BadRequestPage(props: { site: Site; message: string }) {
  return (
    <MessagePage site={props.site} title="Bad request">
      <p>{props.message}</p>
    </MessagePage>
  );
}

/** 500: says sorry and nothing else; the details go to the log. */
export function ServerErrorPage(props: { site: Site }) {
  return (
    <MessagePage site={props.site} title="Something went wrong">
      <p>The server could not show this page. Please try again in a moment.</p>
    </MessagePage>
  );
}
