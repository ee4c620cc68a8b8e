// What a member can do to a group beyond chatting: leave it for good (and block a private one
// they were put in, so nobody adds them back); and its owner: rename it,
// set its topic, delete it. Each lasting step asks for confirmation first.
import { useState } from 'react';
import { blockGroup, deleteGroup, removeMember, updateGroup } from '../api/client';
import type { GroupDetails } from '../api/types';
import { navigate, routes } from '../routing/router';

interface Props {
  group: GroupDetails;
  me: string;
  /** The group as the server has it after a change. */
  onChanged: (g: GroupDetails) => void;
}

export function RoomActions({ group, me, onChanged }: Props) {
  const owner = group.members.some((m) => m.username === me && m.role === 'owner');
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(group.name);
  const [topic, setTopic] = useState(group.topic ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const leave = () => {
    if (!window.confirm(`Leave ${group.name}? You will need an invitation or to join again to come back.`)) return;
    void run(async () => {
      await removeMember(group.id, me);
      navigate(routes.home());
    });
  };
  const leaveAndBlock = () => {
    if (!window.confirm(`Leave ${group.name} and block it? Nobody will be able to add you to it again.`)) return;
    void run(async () => {
      await blockGroup(group.id);
      navigate(routes.home());
    });
  };
  const remove = () => {
    if (!window.confirm(`Delete ${group.name} and all its messages for everyone? This cannot be undone.`)) return;
    void run(async () => {
      await deleteGroup(group.id);
      navigate(routes.home());
    });
  };
  const save = () =>
    void run(async () => {
      const updated = await updateGroup(group.id, { name: name.trim(), topic: topic.trim() });
      onChanged({ ...group, ...updated });
      setEditing(false);
    });

  return (
    <div className="room-actions">
      {owner ? (
        <>
          <button type="button" className="secondary" aria-expanded={editing} onClick={() => setEditing((e) => !e)}>
            Edit group
          </button>
          <button type="button" className="danger" onClick={remove} disabled={busy}>
            Delete group
          </button>
        </>
      ) : (
        <>
          <button type="button" className="secondary" onClick={leave} disabled={busy}>
            Leave group
          </button>
          {group.private && (
            <button type="button" className="danger" onClick={leaveAndBlock} disabled={busy}>
              Leave and block
            </button>
          )}
        </>
      )}
      {editing && (
        <form
          className="group-editor"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <label>
            Name
            <input value={name} maxLength={64} required onChange={(e) => setName(e.target.value)} />
          </label>
          <label>
            Topic
            <input
              value={topic}
              maxLength={250}
              placeholder="What this group is about"
              onChange={(e) => setTopic(e.target.value)}
            />
          </label>
          <button type="submit" disabled={busy || name.trim() === ''}>
            Save
          </button>
        </form>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
