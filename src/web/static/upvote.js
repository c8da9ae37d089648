// Turns each upvote form (on a paper page, on every card of a list) into a fetch that updates
// the count in place, so voting neither reloads the page nor moves it. Without this script the
// form still posts and the page comes back at the same card.
for (const form of document.querySelectorAll('form.upvote-form')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const wantOn = form.elements.upvote.value === 'on';
    const response = await fetch(`/api/papers/${encodeURIComponent(form.dataset.paperId)}/upvote`, {
      method: wantOn ? 'POST' : 'DELETE',
      headers: { 'x-csrf-token': form.elements._csrf.value },
      credentials: 'same-origin',
    });
    // Anything unexpected (a lapsed session): the plain post shows the reason on a page.
    if (!response.ok) return form.submit();
    const { upvotes, upvoted } = await response.json();
    const button = form.querySelector('button');
    button.textContent = String(upvotes);
    button.classList.toggle('zero', upvotes === 0);
    button.setAttribute('aria-label', `${upvotes} upvotes`);
    form.elements.upvote.value = upvoted ? 'off' : 'on';
    button.setAttribute('aria-pressed', String(upvoted));
    button.classList.toggle('upvoted', upvoted);
  });
}
