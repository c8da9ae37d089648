import type { ComponentChildren } from 'preact';
import { Layout, type Site } from './layout.tsx';
import type { PageHead } from './page-head.tsx';

/**
 * A page that only says something: not found, bad request, server error. It never shows
 * an exception's text, so nothing internal leaks.
 */
export function MessagePage(props: { site: Site; title: string; head?: PageHead; children: ComponentChildren }) {
  // An error or one person's page (a token's link): described by its title, and never indexed.
  const head = props.head ?? { description: `${props.title}.`, path: null };
  return (
    <Layout site={props.site} title={`${props.title} — Daily Papers`} head={head} tabs={null}>
      <section class="notice">
        <h1>{props.title}</h1>
        {props.children}
        <p>
          <a href="/papers">Back to today’s papers</a>
        </p>
      </section>
    </Layout>
  );
}
