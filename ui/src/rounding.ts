import { createContext, useContext } from "react";
import type { RoundingRule } from "./bindings";

/**
 * The workspace's rounding rule (Settings), applied wherever an exact amount
 * is shown rounded. The App provides it; until it is known the default rule
 * of a new workspace is used.
 */
export const RoundingContext = createContext<RoundingRule>("half_away_from_zero");

/** The rounding rule to show amounts with. */
export function useRounding(): RoundingRule {
  return useContext(RoundingContext);
}
