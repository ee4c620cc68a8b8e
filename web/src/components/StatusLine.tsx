import type { ConnectionStatus } from '../realtime/room-state';

const LABELS: Record<ConnectionStatus, string> = {
  connecting: '🟡 Connecting…',
  connected: '🟢 Connected',
  reconnecting: '🟡 Reconnecting…',
  disconnected: '🔴 Disconnected',
};

/** The connection status line, announced to screen readers as it changes. */
export function StatusLine({ status, onReconnect }: { status: ConnectionStatus; onReconnect?: () => void }) {
  return (
    <p className="status-line" role="status" aria-live="polite">
      <span>{LABELS[status]}</span>
      {status === 'disconnected' && onReconnect && (
        <button type="button" className="link-button" onClick={onReconnect}>
          Reconnect
        </button>
      )}
    </p>
  );
}
