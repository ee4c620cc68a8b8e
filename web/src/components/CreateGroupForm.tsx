import { useState, type FormEvent } from 'react';
import { createGroup } from '../api/client';
import { navigate, routes } from '../routing/router';

/** Creates a group (public unless "Private" is ticked) and opens its chat. */
export function CreateGroupForm() {
  const [name, setName] = useState('');
  const [isPrivate, setIsPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setError('Enter a group name');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const group = await createGroup(name.trim(), isPrivate);
      navigate(routes.group(group.id));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="create-group-title">
      <h2 id="create-group-title">Create a group</h2>
      <form onSubmit={submit} className="inline-form" noValidate>
        <label htmlFor="group-name">Group name</label>
        <input
          id="group-name"
          value={name}
          maxLength={64}
          onChange={(e) => setName(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={error ? 'group-name-error' : undefined}
        />
        <label className="checkbox">
          <input type="checkbox" checked={isPrivate} onChange={(e) => setIsPrivate(e.target.checked)} />
          Private
        </label>
        <button type="submit" disabled={busy}>
          Create group
        </button>
      </form>
      {error && (
        <p className="field-error" id="group-name-error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
