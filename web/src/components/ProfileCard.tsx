import { useState, type FormEvent } from 'react';
import { updateNickname } from '../api/client';
import type { Profile } from '../api/types';

/** The user's name and nickname, with a form to change the nickname. */
export function ProfileCard({ profile, onProfileChange }: { profile: Profile; onProfileChange: (p: Profile) => void }) {
  const [nickname, setNickname] = useState(profile.nickname ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      onProfileChange(await updateNickname(nickname.trim() === '' ? null : nickname.trim()));
      setSaved(true);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <section className="card" aria-labelledby="profile-title">
      <h2 id="profile-title">Hello, {profile.nickname ?? profile.username}</h2>
      <p className="muted">
        Username: <strong>{profile.username}</strong>
        {profile.nickname && (
          <>
            {' '}
            · Nickname: <strong>{profile.nickname}</strong>
          </>
        )}
      </p>
      <form onSubmit={save} className="inline-form">
        <label htmlFor="nickname">Nickname</label>
        <input
          id="nickname"
          value={nickname}
          maxLength={32}
          onChange={(e) => setNickname(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={error ? 'nickname-error' : undefined}
        />
        <button type="submit">Save nickname</button>
      </form>
      {error && (
        <p className="field-error" id="nickname-error" role="alert">
          {error}
        </p>
      )}
      {saved && (
        <p className="muted" role="status">
          Saved.
        </p>
      )}
    </section>
  );
}
