// Progressive enhancement of a campaign's page: its progress bar and counts follow the campaign
// by polling GET /campaigns/{id}/progress (the session cookie goes along). Without this file a
// reload shows the same numbers; the page's own words are read from its data attributes.
(() => {
  const EVERY_MS = 1500;
  const root = document.querySelector('[data-campaign]');
  if (!root) return;
  const bar = root.querySelector('[role="progressbar"]');
  const text = root.querySelector('[data-progress-text]');
  const percent = root.querySelector('[data-progress-percent]');
  const doneRect = root.querySelector('[data-bar-done]');
  const sentRect = root.querySelector('[data-bar-sent]');
  const share = (n, total) => (total === 0 ? 0 : Math.round((n / total) * 1000) / 10);
  const label = (p) => (p.total === 0 ? root.dataset.noneYet : root.dataset.labelOf.replace('{done}', p.done).replace('{total}', p.total));

  function render(doc) {
    const p = doc.progress;
    bar.setAttribute('aria-valuemax', String(p.total));
    bar.setAttribute('aria-valuenow', String(p.done));
    bar.setAttribute('aria-valuetext', label(p));
    text.textContent = label(p);
    percent.textContent = p.percent + '%';
    const done = share(p.done, p.total);
    doneRect.setAttribute('width', String(done));
    sentRect.setAttribute('x', String(done));
    sentRect.setAttribute('width', String(Math.min(100 - done, share(p.sent, p.total))));
    for (const cell of root.querySelectorAll('[data-count]')) {
      const n = doc.counts[cell.dataset.count];
      if (typeof n !== 'number') continue;
      cell.textContent = String(n);
      cell.parentElement.classList.toggle('zero', n === 0);
    }
  }

  async function poll() {
    if (!document.hidden) {
      try {
        const res = await fetch('/campaigns/' + root.dataset.campaign + '/progress', { headers: { accept: 'application/json' }, cache: 'no-store' });
        const json = (res.headers.get('content-type') || '').includes('json');
        // Gone, or signed out (redirected to the sign-in page): stop; a reload shows why.
        if (res.status === 404 || (res.ok && !json)) return;
        // Busy (429) or a passing failure: tried again a little later.
        if (!res.ok) return void setTimeout(poll, EVERY_MS * 4);
        const doc = await res.json();
        // Paused, resumed, completed or cancelled elsewhere: the page again, so its buttons follow
        // (without the query, whose notice spoke of the action before).
        if (doc.status !== root.dataset.status) return window.location.replace(window.location.pathname);
        render(doc);
      } catch {
        // A dropped connection: the next poll tries again.
      }
    }
    setTimeout(poll, EVERY_MS);
  }
  setTimeout(poll, EVERY_MS);
})();
