import { useState } from 'react';
import { createGroup } from '../api/client';
import { navigate, routes } from '../routing/router';
import { InlineForm } from './InlineForm';

/** Creates a group (public unless "Private" is ticked) and opens its chat. */
export function CreateGroupForm() {
  const [name, setName] = useState('');
  const [isPrivate, setIsPrivate] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
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
      <InlineForm
        id="group-name"
        label="Group name"
        value={name}
        maxLength={64}
        onChange={setName}
        onSubmit={submit}
        submitLabel="Create group"
        error={error}
        busy={busy}
      >
        <label className="checkbox">
          <input type="checkbox" checked={isPrivate} onChange={(e) => setIsPrivate(e.target.checked)} />
          Private
        </label>
      </InlineForm>
    </section>
  );
}
