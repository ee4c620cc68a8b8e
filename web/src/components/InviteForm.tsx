import { useState, type FormEvent } from 'react';
import { addMember } from '../api/client';

/** Adds someone to a private group (any member may); `onInvited` runs after it worked. */
export function InviteForm({ roomId, onInvited }: { roomId: number; onInvited: () => void }) {
  const [username, setUsername] = useState('');
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const name = username.trim();
    if (!name) return;
    try {
      await addMember(roomId, name);
      setResult({ ok: true, text: `${name} was added.` });
      setUsername('');
      onInvited();
    } catch (err) {
      setResult({ ok: false, text: err instanceof Error ? err.message : String(err) });
    }
  };

  return (
    <form className="inline-form invite" onSubmit={submit}>
      <label htmlFor="invite-username">Add a member</label>
      <input
        id="invite-username"
        value={username}
        placeholder="username"
        autoComplete="off"
        onChange={(e) => setUsername(e.target.value)}
      />
      <button type="submit">Add</button>
      {result && (
        <span className={result.ok ? 'muted' : 'field-error'} role={result.ok ? 'status' : 'alert'}>
          {result.text}
        </span>
      )}
    </form>
  );
}
