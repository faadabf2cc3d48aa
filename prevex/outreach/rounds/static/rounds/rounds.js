// Visit rounds: the sheet's print button, and the focus moved to the next card after an outcome is recorded
// (the card replaced by htmx would otherwise leave the focus nowhere). A static file: the CSP allows no inline code.
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
document.addEventListener("htmx:afterSettle", () => {
  const heading = document.querySelector("#round-live .round-card h2");
  if (heading) {
    heading.focus();
  }
});
