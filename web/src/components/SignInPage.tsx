// Register or sign in; each server error is shown next to the field it is about.
import { useId, useState, type FormEvent } from 'react';
import { login, register } from '../api/client';
import { ApiError } from '../api/http';

type Field = 'username' | 'password' | 'form';
type FieldErrors = Partial<Record<Field, string>>;

/** Which field a server error code belongs to. */
const FIELD_OF_CODE: Record<string, Field> = {
  invalid_username: 'username',
  username_taken: 'username',
  invalid_password: 'password',
  invalid_credentials: 'password',
};

/** Every rule the fields break, all at once (the server's rules of docs/protocol.md; it checks
 *  them again). Registering checks the account rules too; signing in only that both are given. */
export function fieldErrors(mode: 'login' | 'register', username: string, password: string): FieldErrors {
  const errors: FieldErrors = {};
  const name = username.trim();
  if (!name) errors.username = 'Enter a username';
  else if (mode === 'register' && !/^[A-Za-z0-9_.-]{3,32}$/.test(name))
    errors.username = "Username must be 3-32 characters of letters, digits, '_', '.' or '-'";
  if (!password) errors.password = 'Enter a password';
  else if (mode === 'register' && [...password].length < 8) errors.password = 'Password must be at least 8 characters';
  return errors;
}

/** `onSignedIn` runs once the session cookie is set. */
export function SignInPage({ onSignedIn }: { onSignedIn: () => void }) {
  const [mode, setMode] = useState<'login' | 'register'>('login');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const broken = fieldErrors(mode, username, password);
    setErrors(broken);
    if (Object.keys(broken).length > 0) return;
    setBusy(true);
    try {
      await (mode === 'login' ? login : register)(username.trim(), password);
      onSignedIn();
    } catch (err) {
      const field = err instanceof ApiError ? (FIELD_OF_CODE[err.code] ?? 'form') : 'form';
      setErrors({ [field]: err instanceof Error ? err.message : String(err) });
    } finally {
      setBusy(false);
    }
  };

  const isLogin = mode === 'login';
  return (
    <main className="sign-in">
      <h1>Parley</h1>
      <form onSubmit={submit} noValidate aria-labelledby={id + 'title'}>
        <h2 id={id + 'title'}>{isLogin ? 'Sign in' : 'Create an account'}</h2>
        <FormField id={id + 'user'} label="Username" error={errors.username}>
          <input
            id={id + 'user'}
            name="username"
            autoComplete="username"
            value={username}
            onChange={(e) => setUsername(e.target.value)}
            aria-invalid={!!errors.username}
            aria-describedby={errors.username ? id + 'user-error' : undefined}
          />
        </FormField>
        <FormField id={id + 'pass'} label="Password" error={errors.password}>
          <input
            id={id + 'pass'}
            name="password"
            type="password"
            autoComplete={isLogin ? 'current-password' : 'new-password'}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            aria-invalid={!!errors.password}
            aria-describedby={errors.password ? id + 'pass-error' : undefined}
          />
        </FormField>
        {errors.form && (
          <p className="field-error" role="alert">
            ⚠️ {errors.form}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {isLogin ? 'Sign in' : 'Create account'}
        </button>
      </form>
      <p>
        {isLogin ? 'New here? ' : 'Already have an account? '}
        <button
          type="button"
          className="link-button"
          onClick={() => {
            setMode(isLogin ? 'register' : 'login');
            setErrors({});
          }}
        >
          {isLogin ? 'Create an account' : 'Sign in instead'}
        </button>
      </p>
    </main>
  );
}

/** A label, its control, and the control's error (announced as it appears). */
function FormField({
  id,
  label,
  error,
  children,
}: {
  id: string;
  label: string;
  error?: string;
  children: React.ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children}
      {error && (
        <p className="field-error" id={id + '-error'} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
