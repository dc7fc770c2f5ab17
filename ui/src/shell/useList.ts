import { useCallback, useEffect, useState } from "react";
import { toAppError } from "../api";

/**
 * A list loaded from the engine when the component mounts, with a way to load
 * it again after a change. A failure is reported through `onError` in words.
 */
export function useList<T>(
  load: () => Promise<T[]>,
  onError: (message: string) => void,
): [T[], () => Promise<void>] {
  const [items, setItems] = useState<T[]>([]);
  const refresh = useCallback(async () => {
    try {
      setItems(await load());
    } catch (e) {
      onError(toAppError(e).message);
    }
  }, [load, onError]);
  useEffect(() => {
    void refresh();
  }, [refresh]);
  return [items, refresh];
}
