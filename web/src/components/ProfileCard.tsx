import { useState } from 'react';
import { updateNickname } from '../api/client';
import type { Profile } from '../api/types';
import { InlineForm } from './InlineForm';

/** The user's name and nickname, with a form to change the nickname (empty clears it). */
export function ProfileCard({ profile, onProfileChange }: { profile: Profile; onProfileChange: (p: Profile) => void }) {
  const [nickname, setNickname] = useState(profile.nickname ?? '');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);

  const save = async () => {
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
      <InlineForm
        id="nickname"
        label="Nickname"
        value={nickname}
        maxLength={32}
        onChange={setNickname}
        onSubmit={save}
        submitLabel="Save nickname"
        error={error}
      />
      {saved && (
        <p className="muted" role="status">
          Saved.
        </p>
      )}
    </section>
  );
}
