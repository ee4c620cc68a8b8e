import { describe, expect, it } from 'vitest';
import { fieldErrors } from './SignInPage';

describe('fieldErrors', () => {
  it('shows every broken registration rule at once', () => {
    const errors = fieldErrors('register', 'a b', 'short');
    expect(errors.username).toMatch(/3-32 characters/);
    expect(errors.password).toMatch(/at least 8/);
  });

  it('accepts an account the server accepts', () => {
    expect(fieldErrors('register', ' ann.lee ', 'eight ch')).toEqual({});
  });

  it('asks only for both fields when signing in', () => {
    expect(fieldErrors('login', 'al', 'x')).toEqual({});
    expect(fieldErrors('login', ' ', '')).toEqual({ username: 'Enter a username', password: 'Enter a password' });
  });
});
