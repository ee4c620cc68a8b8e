// Asks for the browser's permission to notify, only when the user presses the button (never on
// load), and only while the browser has not been answered yet.
import { useState } from 'react';
import { canAskForNotifications } from '../realtime/notifications';

export function NotificationsPrompt() {
  const [askable, setAskable] = useState(canAskForNotifications);
  if (!askable) return null;
  const ask = () => {
    void Notification.requestPermission().finally(() => setAskable(canAskForNotifications()));
  };
  return (
    <p className="sidebar-note">
      <button type="button" className="link-button" onClick={ask}>
        Turn on notifications
      </button>{' '}
      <span className="muted">for 1:1 messages</span>
    </p>
  );
}
