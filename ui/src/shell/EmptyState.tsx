import type { ReactNode } from "react";

/**
 * What a screen shows when it has nothing yet: what is missing, in a
 * sentence or two, and the button that leads to the next step. Saying what
 * to do next matters more than saying that the list is empty.
 */
export function EmptyState({
  id,
  title,
  children,
  actions,
}: {
  id?: string;
  title: string;
  children?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="notice next-step" id={id}>
      <p className="next-step-title">{title}</p>
      {children}
      {actions && <div className="actions">{actions}</div>}
    </div>
  );
}
