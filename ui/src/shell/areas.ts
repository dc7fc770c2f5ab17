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
  /** One line on what the area is for. */
  purpose: string;
}

export const AREAS: readonly Area[] = [
  { id: "overview", label: "Overview", purpose: "This month's spend, run rate and budget at a glance." },
  {
    id: "imports",
    label: "Imports",
    purpose: "Bring in finance's showback workbooks and the providers' usage and cost exports.",
  },
  {
    id: "attribution",
    label: "Attribution",
    purpose: "Map API keys, projects, workspaces and billing tags to service codes; see what is unattributed.",
  },
  { id: "codes", label: "Service codes", purpose: "The register of your department's AI workloads." },
  {
    id: "budgets",
    label: "Budgets & forecast",
    purpose: "Month-end and year-end run rate against budget, with an honest range.",
  },
  {
    id: "reconciliation",
    label: "Reconciliation",
    purpose: "Compare what finance charged with what the provider exports say.",
  },
  {
    id: "value",
    label: "Value",
    purpose: "Track value hypotheses such as cost per resolved case against actuals.",
  },
  {
    id: "disputes",
    label: "Disputes & approvals",
    purpose: "Prepare a chargeback dispute or an approval request with its evidence.",
  },
  { id: "packs", label: "Packs", purpose: "Signed packs finance can verify with standard tools." },
  { id: "settings", label: "Settings", purpose: "Your name, base currency, fiscal year, backups and signing key." },
  { id: "about", label: "About", purpose: "Runrate's version and where your data lives." },
];
