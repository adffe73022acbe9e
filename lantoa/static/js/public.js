// The public site's only script: it works without it. No inline handlers anywhere, so a
// Content-Security-Policy without 'unsafe-inline' holds.
document.querySelectorAll("[data-print]").forEach((button) => {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
});
