// The app's areas, in navigation order.
export type AreaId =
  | "overview"
  | "imports"
  | "attribution"
  | "codes"
  | "budgets"
  | "reconciliation"
  | "value"
  | "disputes"
  | "packs"
  | "settings"
  | "about";

export interface Area {
  id: AreaId;
  label: string;
}

export const AREAS: readonly Area[] = [
  { id: "overview", label: "Overview" },
  { id: "imports", label: "Imports" },
  { id: "attribution", label: "Attribution" },
  { id: "codes", label: "Service codes" },
  { id: "budgets", label: "Budgets & forecast" },
  { id: "reconciliation", label: "Reconciliation" },
  { id: "value", label: "Value" },
  { id: "disputes", label: "Disputes & approvals" },
  { id: "packs", label: "Packs" },
  { id: "settings", label: "Settings" },
  { id: "about", label: "About" },
];
