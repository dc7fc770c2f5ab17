import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./App";
import { api } from "./api";
import "./styles.css";

const root = document.getElementById("root");
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App api={api} />
    </StrictMode>,
  );
  // Two frames after the first render the window has painted: the start-up
  // benchmark measures up to here.
  requestAnimationFrame(() =>
    requestAnimationFrame(() => {
      api.windowReady().catch(() => {
        // Only the benchmark listens; the app works the same without it.
      });
    }),
  );
}
