// Shown while a room's connection is down: when the next attempt comes, a way to try now, and
// how many typed messages wait to be sent.
import { useEffect, useState } from 'react';
import type { ConnectionStatus } from '../realtime/room-state';

interface Props {
  status: ConnectionStatus;
  retryAt: number | null;
  /** Messages typed while offline, sent once the room is joined again. */
  waiting: number;
  onRetryNow: () => void;
}

export function ConnectionBanner({ status, retryAt, waiting, onRetryNow }: Props) {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    if (status !== 'reconnecting' || retryAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, [status, retryAt]);
  if (status !== 'reconnecting' && status !== 'disconnected') return null;
  const seconds = retryAt === null ? 0 : Math.max(0, Math.ceil((retryAt - now) / 1000));
  return (
    <div className="connection-banner" role="status">
      <span>
        {status === 'disconnected'
          ? 'Connection lost.'
          : seconds > 0
            ? `Connection lost. Reconnecting in ${seconds} s…`
            : 'Reconnecting…'}
        {waiting > 0 && ` ${waiting} message${waiting === 1 ? '' : 's'} will be sent when it is back.`}
      </span>
      <button type="button" className="link-button" onClick={onRetryNow}>
        Retry now
      </button>
    </div>
  );
}
