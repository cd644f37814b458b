// Samstyr: the one script, progressive enhancement only. On a phone the
// tables are shown as lists (app.css); each cell gets its column's
// heading as data-label, so the list reads "Beslutat: 2026-03-02".
document.addEventListener("DOMContentLoaded", () => {
  for (const table of document.querySelectorAll("table")) {
    const heads = Array.from(table.querySelectorAll("thead th")).map(th => th.textContent.trim());
    if (heads.length === 0) continue;
    for (const row of table.querySelectorAll("tbody tr")) {
      Array.from(row.children).forEach((cell, i) => {
        if (heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
      });
    }
  }
});

// A form that changes something is sent once: a second press of its button
// (a double click) while the first is on its way is dropped, so one click
// never registers an ärende or plans a meeting twice. A form whose answer
// is a download leaves the page in place, so the guard lapses after a few
// seconds, and it lapses when the page is shown again from the history.
document.addEventListener("submit", event => {
  const form = event.target;
  if (!(form instanceof HTMLFormElement) || form.method.toLowerCase() !== "post") return;
  const sent = Number(form.dataset.sentAt || 0);
  if (sent && Date.now() - sent < 4000) {
    event.preventDefault();
    return;
  }
  form.dataset.sentAt = String(Date.now());
});
window.addEventListener("pageshow", () => {
  for (const form of document.querySelectorAll("form[data-sent-at]")) delete form.dataset.sentAt;
});
