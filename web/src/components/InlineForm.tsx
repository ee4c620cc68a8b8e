import type { ReactNode } from 'react';

interface Props {
  /** The input's id; its error gets `${id}-error` and becomes the input's description. */
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onSubmit: () => void;
  submitLabel: string;
  error: string | null;
  maxLength?: number;
  placeholder?: string;
  /** Disables the submit button (a request is in flight). */
  busy?: boolean;
  /** Extra controls between the input and the button. */
  children?: ReactNode;
  className?: string;
}

/** A one-line form: a labelled text input, a submit button, and the input's error below it. */
export function InlineForm({
  id,
  label,
  value,
  onChange,
  onSubmit,
  submitLabel,
  error,
  busy,
  children,
  ...rest
}: Props) {
  return (
    <>
      <form
        className={rest.className ? `inline-form ${rest.className}` : 'inline-form'}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          onSubmit();
        }}
      >
        <label htmlFor={id}>{label}</label>
        <input
          id={id}
          value={value}
          maxLength={rest.maxLength}
          placeholder={rest.placeholder}
          autoComplete="off"
          onChange={(e) => onChange(e.target.value)}
          aria-invalid={!!error}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        {children}
        <button type="submit" disabled={busy}>
          {submitLabel}
        </button>
      </form>
      {error && (
        <p className="field-error" id={`${id}-error`} role="alert">
          {error}
        </p>
      )}
    </>
  );
}
