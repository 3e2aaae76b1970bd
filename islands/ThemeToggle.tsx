import type { JSX } from "preact";
import { useEffect, useState } from "preact/hooks";

/** localStorage key of the chosen theme; `static/theme.js` applies it before first paint. */
export const THEME_KEY = "tresor-theme";

type Theme = "light" | "dark";

function currentTheme(): Theme {
  const chosen = document.documentElement.dataset.theme;
  if (chosen === "light" || chosen === "dark") return chosen;
  return matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** Switches between the light and dark theme and remembers the choice. */
export function ThemeToggle(_props: Record<string, never>): JSX.Element {
  // The server cannot know the theme; the button's label is settled after hydration.
  const [theme, setTheme] = useState<Theme | null>(null);
  useEffect(() => setTheme(currentTheme()), []);
  const next: Theme = theme === "dark" ? "light" : "dark";
  return (
    <button
      type="button"
      class="theme-toggle"
      aria-label={`Switch to ${next} theme`}
      title={`Switch to ${next} theme`}
      data-theme-current={theme ?? undefined}
      onClick={() => {
        document.documentElement.dataset.theme = next;
        try {
          localStorage.setItem(THEME_KEY, next);
        } catch (err) {
          // Private mode may forbid storage; the theme still applies to this page.
          if (!(err instanceof DOMException)) throw err;
        }
        setTheme(next);
      }}
    >
      <span aria-hidden="true">{theme === "dark" ? "☀" : "☾"}</span>
    </button>
  );
}
