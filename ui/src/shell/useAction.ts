import { useCallback, useState } from "react";
import { toAppError } from "../api";

/**
 * Runs a change against the engine and keeps what the person should read: the
 * message the change returns on success, or the engine's error in words. Both
 * are cleared when the next change starts; `running` is true meanwhile.
 */
export function useAction() {
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const run = useCallback(async (work: () => Promise<string | null>): Promise<boolean> => {
    setError(null);
    setMessage(null);
    setRunning(true);
    try {
      const done = await work();
      if (done !== null) setMessage(done);
      return true;
    } catch (e) {
      setError(toAppError(e).message);
      return false;
    } finally {
      setRunning(false);
    }
  }, []);
  return { error, setError, message, setMessage, running, run };
}
