/** The design's error banner: `⚠️ Error: …`, dismissable. Renders nothing without an error. */
export function ErrorBanner({ error, onDismiss }: { error: string | null; onDismiss: () => void }) {
  if (!error) return null;
  return (
    <div className="error-banner" role="alert">
      <span>⚠️ Error: {error}</span>
      <button type="button" className="icon-button" onClick={onDismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
}
