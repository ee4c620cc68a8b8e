import { useCallback, useEffect, useRef, useState } from 'react';
import type { ChatFile } from '../api/types';
import { formatSize, uploadFile, type Upload } from '../api/upload';

/** The server's limit on files per message. */
export const MAX_FILES_PER_MESSAGE = 10;

/** One file chosen for the next message: uploading, uploaded, or failed (retry or remove). */
export interface Attachment {
  key: number;
  blob: Blob;
  name: string;
  progress: number;
  file?: ChatFile;
  error?: string;
}

/** The files of the message being written: each uploads at once when added, with progress; a
 *  failed one can be retried; removing one cancels its upload. `ready` lists the uploaded files
 *  once none is still uploading or failed. */
export function useAttachments(roomId: number) {
  const [items, setItems] = useState<Attachment[]>([]);
  const uploads = useRef(new Map<number, Upload>());
  const nextKey = useRef(1);

  const start = useCallback(
    (key: number, blob: Blob, name: string) => {
      const update = (change: Partial<Attachment>) =>
        setItems((all) => all.map((a) => (a.key === key ? { ...a, ...change } : a)));
      const upload = uploadFile(roomId, blob, name, (progress) => update({ progress }));
      uploads.current.set(key, upload);
      upload.done.then(
        (file) => update({ file, progress: 1, error: undefined }),
        (e: { code?: string; message?: string }) => {
          if (e.code !== 'cancelled') update({ error: e.message ?? 'The upload failed' });
        },
      );
      void upload.done.finally(() => uploads.current.delete(key)).catch(() => undefined);
    },
    [roomId],
  );

  const add = useCallback(
    (files: { blob: Blob; name: string }[]) => {
      setItems((all) => {
        const room = MAX_FILES_PER_MESSAGE - all.length;
        const added = files.slice(0, Math.max(0, room)).map((f) => ({ key: nextKey.current++, ...f, progress: 0 }));
        queueMicrotask(() => added.forEach((a) => start(a.key, a.blob, a.name)));
        return [...all, ...added];
      });
    },
    [start],
  );
  const remove = useCallback((key: number) => {
    uploads.current.get(key)?.cancel();
    setItems((all) => all.filter((a) => a.key !== key));
  }, []);
  const retry = useCallback(
    (key: number) => {
      const item = items.find((a) => a.key === key);
      if (!item) return;
      setItems((all) => all.map((a) => (a.key === key ? { ...a, error: undefined, progress: 0 } : a)));
      start(key, item.blob, item.name);
    },
    [items, start],
  );
  const clear = useCallback(() => setItems([]), []);
  // A room left with uploads in flight: they are stopped (their files would never be sent).
  useEffect(() => {
    const current = uploads.current;
    return () => current.forEach((u) => u.cancel());
  }, [roomId]);

  const busy = items.some((a) => !a.file);
  const ready = busy ? null : items.map((a) => a.file as ChatFile);
  return { items, add, remove, retry, clear, ready, busy };
}

/** The chosen files above the message box: name, size, progress, and remove / retry. */
export function AttachmentList({
  items,
  onRemove,
  onRetry,
}: {
  items: Attachment[];
  onRemove: (key: number) => void;
  onRetry: (key: number) => void;
}) {
  if (items.length === 0) return null;
  return (
    <ul className="attachments" aria-label="Files to send">
      {items.map((a) => (
        <li key={a.key} className={a.error ? 'attachment failed' : 'attachment'}>
          <span className="attachment-name" dir="auto">
            {a.name}
          </span>
          <span className="muted"> {formatSize(a.blob.size)}</span>
          {!a.file && !a.error && (
            <progress max={1} value={a.progress} aria-label={`Uploading ${a.name}`}>
              {Math.round(a.progress * 100)}%
            </progress>
          )}
          {a.file && <span className="muted"> ✓</span>}
          {a.error && (
            <>
              <span role="alert"> {a.error}</span>
              <button type="button" className="link" onClick={() => onRetry(a.key)}>
                Retry
              </button>
            </>
          )}
          <button
            type="button"
            className="link"
            aria-label={a.file ? `Remove ${a.name}` : `Cancel ${a.name}`}
            onClick={() => onRemove(a.key)}
          >
            ✕
          </button>
        </li>
      ))}
    </ul>
  );
}
