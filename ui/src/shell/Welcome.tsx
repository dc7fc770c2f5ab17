import { useState } from "react";
import { toAppError, type Api } from "../api";
import { formatCount } from "../format";
import { useNavigate } from "./navigation";

/**
 * The first-run offer, shown while the workspace is empty: explore with the
 * demo company, or start with one's own files or service codes.
 */
export function Welcome({ api, onLoaded }: { api: Api; onLoaded: (message: string) => void }) {
  const navigate = useNavigate();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function loadDemo() {
    setLoading(true);
    setError(null);
    try {
      const loaded = await api.loadDemo();
      onLoaded(
        `Demo loaded: ${loaded.departments} departments, ${loaded.service_codes} service codes, ${loaded.rules} attribution rules, ${formatCount(loaded.spend_lines)} spend lines, ${loaded.budgets} budgets and ${loaded.hypotheses} value hypotheses. Clear it any time in Settings.`,
      );
    } catch (e) {
      setError(toAppError(e).message);
    } finally {
      setLoading(false);
    }
  }

  return (
    <div className="welcome" id="welcome">
      <h2>Welcome to Runrate</h2>
      <p>
        Runrate shows what your department's AI workloads cost, where the month is heading against budget, and whether
        finance's showback matches what the providers say. Everything stays on this computer.
      </p>
      <p>
        Explore first with a demo company (five departments, six months of finance workbooks and provider exports), or
        start with your own files.
      </p>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      <div className="actions">
        <button type="button" className="primary" id="load-demo" disabled={loading} onClick={() => void loadDemo()}>
          {loading ? "Loading the demo…" : "Load demo data"}
        </button>
        <button type="button" onClick={() => navigate("imports")}>
          Import my files
        </button>
        <button type="button" onClick={() => navigate("codes")}>
          Add my service codes
        </button>
      </div>
    </div>
  );
}
