// Keyboard shortcuts, listed in every page's footer (#keys): j/k move between papers, o opens
// the focused one, u upvotes it (through its upvote form, so upvote.js updates it in place),
// ←/→ follow the previous/next period link, / focuses the search box, ? shows the list.
// Keys typed into a field, or with a modifier, are the field's.
const cards = () => [...document.querySelectorAll('article.card')];
let current = -1;

function focusCard(index) {
  const list = cards();
  if (list.length === 0) return;
  current = Math.max(0, Math.min(list.length - 1, index));
  const card = list[current];
  card.tabIndex = -1;
  card.focus();
  card.scrollIntoView({ block: 'nearest' });
}

function focusedCard() {
  return document.activeElement?.closest?.('article.card') ?? cards()[current] ?? null;
}

function showHelp() {
  let dialog = document.getElementById('keys-dialog');
  if (!dialog) {
    dialog = document.createElement('dialog');
    dialog.id = 'keys-dialog';
    dialog.setAttribute('aria-labelledby', 'keys-dialog-title');
    const title = document.createElement('h2');
    title.id = 'keys-dialog-title';
    title.textContent = 'Keyboard shortcuts';
    const close = document.createElement('button');
    close.type = 'button';
    close.textContent = 'Close';
    close.addEventListener('click', () => dialog.close());
    dialog.append(title, document.querySelector('#keys dl').cloneNode(true), close);
    document.body.append(dialog);
  }
  dialog.showModal();
}

const ACTIONS = {
  j: () => focusCard(cards().indexOf(focusedCard()) + 1),
  k: () => focusCard(Math.max(0, cards().indexOf(focusedCard()) - 1)),
  o: () => focusedCard()?.querySelector('h2 a')?.click(),
  u: () => focusedCard()?.querySelector('.upvotes, .card > button')?.click(),
  ArrowLeft: () => document.querySelector('a[rel="prev"]')?.click(),
  ArrowRight: () => document.querySelector('a[rel="next"]')?.click(),
  '/': () => document.querySelector('.site-search input')?.focus(),
  '?': showHelp,
};

document.addEventListener('keydown', (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) return;
  const target = event.target;
  if (target.closest?.('input, textarea, select, [contenteditable], dialog')) return;
  const action = ACTIONS[event.key];
  if (!action) return;
  event.preventDefault();
  action();
});
