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
