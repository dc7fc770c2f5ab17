import { createContext, useContext } from "react";
import type { AreaId } from "./areas";

/**
 * Moves the window to another area. Screens use it for the next step an empty
 * state suggests ("Import a file") without knowing how the shell is built.
 */
export const NavigateContext = createContext<(area: AreaId) => void>(() => {});

/** The function that opens another area. */
export function useNavigate(): (area: AreaId) => void {
  return useContext(NavigateContext);
}
