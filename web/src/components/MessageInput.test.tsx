import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { characterCount, MAX_MESSAGE_CHARS, MessageInput } from './MessageInput';

afterEach(cleanup);

describe('MessageInput', () => {
  it('counts near the limit and refuses past it without cutting anything', () => {
    const onSend = vi.fn(() => true);
    render(<MessageInput disabledReason={null} onSend={onSend} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    const send = screen.getByRole('button', { name: 'Send' });

    fireEvent.change(box, { target: { value: 'x'.repeat(MAX_MESSAGE_CHARS - 100) } });
    expect(screen.getByText(`${MAX_MESSAGE_CHARS - 100} / ${MAX_MESSAGE_CHARS}`)).toBeTruthy();
    expect((send as HTMLButtonElement).disabled).toBe(false);

    const long = 'é'.repeat(MAX_MESSAGE_CHARS + 7);
    fireEvent.change(box, { target: { value: long } });
    expect(screen.getByText(/Too long by 7 characters/)).toBeTruthy();
    expect((send as HTMLButtonElement).disabled).toBe(true);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(onSend).not.toHaveBeenCalled();
    expect((box as HTMLTextAreaElement).value).toBe(long); // kept whole
  });

  it('counts characters as the server does, not UTF-16 units', () => {
    expect(characterCount('😀😀')).toBe(2);
    expect(characterCount('añb')).toBe(3);
  });

  it('stays usable offline and says where the message goes', () => {
    render(<MessageInput disabledReason={null} offline onSend={() => true} />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    expect(box.disabled).toBe(false);
    expect(box.placeholder).toMatch(/sent when the connection is back/);
  });

  it('suggests members after @ and inserts the one picked from the keyboard', () => {
    const onSend = vi.fn(() => true);
    render(<MessageInput disabledReason={null} onSend={onSend} members={['bob', 'bobby', 'carol']} />);
    const box = screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
    fireEvent.change(box, { target: { value: 'hi @bo', selectionStart: 6 } });
    const options = screen.getAllByRole('option');
    expect(options.map((o) => o.textContent)).toEqual(['@bob', '@bobby']);
    fireEvent.keyDown(box, { key: 'ArrowDown' });
    expect(screen.getByRole('option', { selected: true }).textContent).toBe('@bobby');
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(box.value).toBe('hi @bobby ');
    expect(onSend).not.toHaveBeenCalled(); // Enter picked, it did not send
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('suggests nothing inside an address, and Esc closes the list', () => {
    render(<MessageInput disabledReason={null} onSend={() => true} members={['bob']} />);
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'mail@b', selectionStart: 6 } });
    expect(screen.queryByRole('listbox')).toBeNull();
    fireEvent.change(box, { target: { value: '@b', selectionStart: 2 } });
    expect(screen.getByRole('listbox')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Escape' });
    expect(screen.queryByRole('listbox')).toBeNull();
  });
});
