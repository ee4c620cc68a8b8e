import { useState } from 'react';
import { addMember } from '../api/client';
import { InlineForm } from './InlineForm';

/** Adds someone to a private group (any member may); `onInvited` runs after it worked. */
export function InviteForm({ roomId, onInvited }: { roomId: number; onInvited: () => void }) {
  const [username, setUsername] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [added, setAdded] = useState<string | null>(null);

  const submit = async () => {
    const name = username.trim();
    if (!name) return;
    setError(null);
    setAdded(null);
    try {
      await addMember(roomId, name);
      setAdded(name);
      setUsername('');
      onInvited();
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <div className="invite">
      <InlineForm
        id="invite-username"
        label="Add a member"
        value={username}
        placeholder="username"
        onChange={setUsername}
        onSubmit={submit}
        submitLabel="Add"
        error={error}
      />
      {added && (
        <p className="muted" role="status">
          {added} was added.
        </p>
      )}
    </div>
  );
}
