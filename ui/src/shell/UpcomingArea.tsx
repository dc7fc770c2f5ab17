import type { Area } from "./areas";

/** An area whose screen is not built yet: says what it will do, nothing more. */
export function UpcomingArea({ area }: { area: Area }) {
  return (
    <section className="screen">
      <header className="screen-header">
        <h1>{area.label}</h1>
      </header>
      <div className="notice">
        <p>{area.purpose}</p>
        <p className="muted">This area is not available yet in this version of Runrate.</p>
      </div>
    </section>
  );
}
