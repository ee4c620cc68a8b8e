import { useState } from 'react';
import { addTag, removeTag } from '../api/client';
import { routes } from '../routing/router';
import { InlineForm } from './InlineForm';
import { Link } from './Link';

/** The user's tags, each with a remove button, and a form to add one. */
export function TagEditor({ tags, onTagsChange }: { tags: string[]; onTagsChange: (tags: string[]) => void }) {
  const [tag, setTag] = useState('');
  const [error, setError] = useState<string | null>(null);

  const run = async (change: Promise<{ tags: string[] }>) => {
    setError(null);
    try {
      onTagsChange((await change).tags);
      return true;
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
      return false;
    }
  };

  const add = async () => {
    if (!tag.trim()) return;
    if (await run(addTag(tag.trim()))) setTag('');
  };

  return (
    <section className="card" aria-labelledby="tags-title">
      <h2 id="tags-title">Your tags</h2>
      {tags.length === 0 ? (
        <p className="muted">No tags yet.</p>
      ) : (
        <ul className="tag-list" aria-label="Your tags">
          {tags.map((t) => (
            <li key={t} className="tag">
              <Link href={routes.tag(t)}>{t}</Link>
              <button
                type="button"
                className="icon-button"
                onClick={() => run(removeTag(t))}
                aria-label={`Remove tag ${t}`}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      <InlineForm
        id="new-tag"
        label="New tag"
        value={tag}
        maxLength={32}
        onChange={setTag}
        onSubmit={add}
        submitLabel="Add tag"
        error={error}
      />
    </section>
  );
}
