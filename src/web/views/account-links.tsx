/**
 * The header's account links. Every page is rendered with the visitor's, so one rendering can
 * serve every reader; for a signed-in member they are swapped for their name, Settings and
 * Log out as the page is sent (src/web/member-header.ts).
 */
import { renderToString } from 'preact-render-to-string';

export const VISITOR_ACCOUNT = '<a href="/login">Log in</a> <a href="/signup">Sign up</a>';

export function memberAccount(name: string, csrf: string): string {
  return renderToString(
    <>
      <span class="member-name">{name}</span> <a href="/settings">Settings</a>{' '}
      <form class="logout-form" method="post" action="/logout">
        <input type="hidden" name="_csrf" value={csrf} />
        <button type="submit" class="link-button">
          Log out
        </button>
      </form>
    </>,
  );
}
