// The error and notice lines at the top of a screen or card.

export function Banners({
  error,
  notice,
  onDismiss,
}: {
  error: string | null;
  notice: string | null;
  /** When given, the notice has a dismiss button. */
  onDismiss?: () => void;
}) {
  return (
    <>
      {error && (
        <div className="banner error" role="alert">
          {error}
        </div>
      )}
      {notice && (
        <div className="banner ok" role="status">
          {notice}
          {onDismiss && (
            <button type="button" className="link" onClick={onDismiss} aria-label="Dismiss">
              ×
            </button>
          )}
        </div>
      )}
    </>
  );
}
