/** The keyboard shortcuts keys.js answers; listed on every page, and shown in a dialog on `?`. */
const KEYS: [string, string][] = [
  ['j / k', 'next / previous paper'],
  ['o', 'open the paper'],
  ['u', 'upvote it'],
  ['← / →', 'previous / next day, week or month'],
  ['/', 'search'],
  ['?', 'this list'],
];

export function KeyboardHelp() {
  return (
    <details class="keys" id="keys">
      <summary>Keyboard shortcuts</summary>
      <dl>
        {KEYS.map(([keys, action]) => (
          <div>
            <dt>
              <kbd>{keys}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
