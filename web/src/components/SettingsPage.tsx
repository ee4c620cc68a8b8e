// /settings: profile fields, tags, password, signing out everywhere, deleting the account.
import { useState, type FormEvent, type ReactNode } from 'react';
import { changePassword, deleteAccount, logoutEverywhere, updateProfile } from '../api/client';
import type { Profile } from '../api/types';
import { usePageTitle } from '../routing/page-title';
import { TagEditor } from './TagEditor';

interface Props {
  profile: Profile;
  onProfileChange: (p: Profile) => void;
  /** The session is gone (signed out everywhere, account deleted). */
  onSignedOut: () => void;
}

export function SettingsPage({ profile, onProfileChange, onSignedOut }: Props) {
  usePageTitle('Settings · Parley');
  return (
    <main className="settings">
      <h1>Settings</h1>
      <ProfileForm profile={profile} onProfileChange={onProfileChange} />
      <TagEditor tags={profile.tags} onTagsChange={(tags) => onProfileChange({ ...profile, tags })} />
      <PasswordForm />
      <SessionsSection onSignedOut={onSignedOut} />
      <DeleteAccountForm onSignedOut={onSignedOut} />
    </main>
  );
}

/** Runs a form's request, keeping its error and success message. */
function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const submit = (step: () => Promise<string | null>) => async (e?: FormEvent) => {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      setDone(await step());
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const feedback: ReactNode = (
    <>
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      {done && (
        <p className="muted" role="status">
          {done}
        </p>
      )}
    </>
  );
  return { busy, submit, feedback };
}

function ProfileForm({ profile, onProfileChange }: Omit<Props, 'onSignedOut'>) {
  const [nickname, setNickname] = useState(profile.nickname ?? '');
  const [email, setEmail] = useState(profile.email ?? '');
  const [avatar, setAvatar] = useState(profile.avatar ?? '');
  const { busy, submit, feedback } = useSubmit();
  const orNull = (v: string) => (v.trim() === '' ? null : v.trim());
  const save = submit(async () => {
    onProfileChange(await updateProfile({ nickname: orNull(nickname), email: orNull(email), avatar: orNull(avatar) }));
    return 'Profile saved.';
  });
  return (
    <section className="card" aria-labelledby="settings-profile">
      <h2 id="settings-profile">Profile</h2>
      <p className="muted">
        Username: <strong>{profile.username}</strong> (cannot be changed)
      </p>
      <form className="stacked-form" onSubmit={save}>
        <label>
          Nickname
          <input value={nickname} maxLength={32} onChange={(e) => setNickname(e.target.value)} />
        </label>
        <label>
          Email
          <input type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label>
          Avatar URL
          <input type="url" value={avatar} placeholder="https://…" onChange={(e) => setAvatar(e.target.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Save profile
        </button>
      </form>
      {feedback}
    </section>
  );
}

function PasswordForm() {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const { busy, submit, feedback } = useSubmit();
  const save = submit(async () => {
    await changePassword(current, next);
    setCurrent('');
    setNext('');
    return 'Password changed. Your other sessions were signed out.';
  });
  return (
    <section className="card" aria-labelledby="settings-password">
      <h2 id="settings-password">Password</h2>
      <form className="stacked-form" onSubmit={save}>
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            value={current}
            required
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          New password
          <input
            type="password"
            autoComplete="new-password"
            minLength={8}
            value={next}
            required
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <button type="submit" disabled={busy}>
          Change password
        </button>
      </form>
      {feedback}
    </section>
  );
}

function SessionsSection({ onSignedOut }: { onSignedOut: () => void }) {
  const { busy, submit, feedback } = useSubmit();
  const signOutEverywhere = submit(async () => {
    if (!window.confirm('Sign out on every device, this one included?')) return null;
    await logoutEverywhere();
    onSignedOut();
    return null;
  });
  return (
    <section className="card" aria-labelledby="settings-sessions">
      <h2 id="settings-sessions">Sessions</h2>
      <p className="muted">Signed in on a device you no longer use? This ends every session, this one too.</p>
      <button type="button" onClick={() => void signOutEverywhere()} disabled={busy}>
        Sign out everywhere
      </button>
      {feedback}
    </section>
  );
}

function DeleteAccountForm({ onSignedOut }: { onSignedOut: () => void }) {
  const [password, setPassword] = useState('');
  const { busy, submit, feedback } = useSubmit();
  const remove = submit(async () => {
    if (!window.confirm('Delete your account for good? This cannot be undone.')) return null;
    await deleteAccount(password);
    onSignedOut();
    return null;
  });
  return (
    <section className="card" aria-labelledby="settings-delete">
      <h2 id="settings-delete">Delete account</h2>
      <p className="muted">
        Your profile, tags, sessions and memberships are removed and your username becomes free. Messages you sent stay
        in their rooms, shown as from “deleted user”, so conversations keep making sense.
      </p>
      <form className="stacked-form" onSubmit={remove}>
        <label>
          Password
          <input
            type="password"
            autoComplete="current-password"
            value={password}
            required
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="danger" disabled={busy}>
          Delete my account
        </button>
      </form>
      {feedback}
    </section>
  );
}
