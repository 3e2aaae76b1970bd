// Applies the remembered theme before first paint (loaded synchronously in <head>).
try {
  const theme = localStorage.getItem("tresor-theme");
  if (theme === "light" || theme === "dark") {
    document.documentElement.dataset.theme = theme;
  }
} catch (_err) {
  // Storage may be unavailable (private mode); the system preference applies.
}
