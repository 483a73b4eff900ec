// Progressive enhancement only: every form works without this file.
document.addEventListener('DOMContentLoaded', () => {
  // The status filter applies as soon as it is chosen.
  for (const select of document.querySelectorAll('select[data-autosubmit]')) {
    select.addEventListener('change', () => select.form && select.form.requestSubmit());
  }
  // Irreversible actions ask first.
  for (const button of document.querySelectorAll('button.danger')) {
    button.addEventListener('click', (event) => {
      if (!window.confirm(button.textContent.trim() + '?')) event.preventDefault();
    });
  }
  // A form is sent once: a second click while it is on its way does nothing.
  for (const form of document.querySelectorAll('form[method="post"]')) {
    form.addEventListener('submit', () => {
      setTimeout(
        () =>
          form.querySelectorAll('button').forEach((b) => {
            b.disabled = true;
          }),
        0,
      );
    });
  }
});
