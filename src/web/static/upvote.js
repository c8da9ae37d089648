// Turns each upvote form into a fetch that updates the count in place, so voting does not
// reload the page. Without this script the form still posts and the page comes back.
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
    form.querySelector('.upvote-count').textContent = String(upvotes);
    form.elements.upvote.value = upvoted ? 'off' : 'on';
    button.setAttribute('aria-pressed', String(upvoted));
    button.classList.toggle('upvoted', upvoted);
  });
}
