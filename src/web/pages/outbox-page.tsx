import type { Site } from '../views/layout.tsx';
import { MessagePage } from '../views/message-page.tsx';

export interface OutboxFile {
  name: string;
  bytes: number;
  writtenAt: string;
}

/** `/admin/outbox`: the mails written instead of sent while SMTP_URL is unset, newest first. */
export function OutboxPage(props: { site: Site; files: OutboxFile[]; smtp: boolean }) {
  return (
    <MessagePage site={props.site} title="Outbox">
      {props.smtp ? (
        <p>Mail goes out over SMTP (SMTP_URL is set); new messages are not kept here.</p>
      ) : (
        <p>SMTP_URL is not set, so mails are written here as .eml files instead of being sent.</p>
      )}
      {props.files.length === 0 ? (
        <p class="empty">No messages.</p>
      ) : (
        <ul class="outbox">
          {props.files.map((f) => (
            <li>
              <a href={`/admin/outbox/${encodeURIComponent(f.name)}`}>{f.name}</a> · {f.bytes} bytes · {f.writtenAt}
            </li>
          ))}
        </ul>
      )}
    </MessagePage>
  );
}
