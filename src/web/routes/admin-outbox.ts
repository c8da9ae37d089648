import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { h } from 'preact';
import { outboxDir } from '../../mail/transport.ts';
import type { WebContext } from '../context.ts';
import { sendHtml } from '../html.ts';
import { type OutboxFile, OutboxPage } from '../pages/outbox-page.tsx';
import { MessagePage } from '../views/message-page.tsx';
import { viewerOf } from './subscriptions.ts';

// Names the outbox writes (see createMailer); anything else, `..` included, is not a message.
const MESSAGE_NAME = /^[\w-]+\.eml$/;
const SHOWN = 200;

/** The outbox, for administrators only: mails hold other people's addresses and live links. */
export function registerAdminOutbox(root: FastifyInstance, ctx: WebContext): void {
  void root.register(async (app) => outboxRoutes(app, ctx));
}

function outboxRoutes(app: FastifyInstance, ctx: WebContext): void {
  const dir = outboxDir(ctx.config);
  // A preHandler, so that it runs after whatever onRequest hook identifies the viewer.
  app.addHook('preHandler', async (request, reply) => {
    if (viewerOf(request)?.role === 'admin') return;
    const children = h('p', null, 'Only administrators can see the outbox. Log in with an administrator account.');
    return sendHtml(reply, 403, h(MessagePage, { site: ctx.site, title: 'Administrators only', children }));
  });

  app.get('/admin/outbox', async (_request, reply) => {
    // No folder yet means no mail yet; any other failure is a fault to show and log, not an empty outbox.
    const names = (await readdir(dir).catch(whenMissing<string[]>([]))).filter((n) => MESSAGE_NAME.test(n));
    // Names start with the time they were written, so name order is time order.
    const newest = names.sort().reverse().slice(0, SHOWN);
    const files: OutboxFile[] = await Promise.all(
      newest.map(async (name) => {
        const info = await stat(join(dir, name));
        return { name, bytes: info.size, writtenAt: info.mtime.toISOString() };
      }),
    );
    return sendHtml(reply, 200, h(OutboxPage, { site: ctx.site, files, smtp: ctx.config.smtpUrl !== null }));
  });

  app.get<{ Params: { name: string } }>('/admin/outbox/:name', async (request, reply) => {
    const { name } = request.params;
    const raw = MESSAGE_NAME.test(name) ? await readFile(join(dir, name)).catch(whenMissing(null)) : null;
    if (raw === null) return reply.callNotFound();
    return reply.type('text/plain; charset=utf-8').send(raw);
  });
}

/** For `.catch`: a file or folder that does not exist gives `value`; other errors stay errors. */
function whenMissing<T>(value: T): (error: unknown) => T {
  return (error) => {
    if (error instanceof Error && 'code' in error && error.code === 'ENOENT') return value;
    throw error;
  };
}
