import { useEffect, useState } from 'react';
import type { ChatFile } from '../api/types';
import { formatSize } from '../api/upload';

/** The largest a thumbnail is shown in the list, in CSS pixels. */
const THUMB_WIDTH = 320;
const THUMB_HEIGHT = 240;

/** The size an image is shown at in the list: its own, scaled down into the thumbnail box, so
 *  the list reserves the right space before it loads (nothing jumps). */
export function thumbnailSize(f: ChatFile): { width: number; height: number } | null {
  if (!f.width || !f.height) return null;
  const scale = Math.min(1, THUMB_WIDTH / f.width, THUMB_HEIGHT / f.height);
  return { width: Math.max(1, Math.round(f.width * scale)), height: Math.max(1, Math.round(f.height * scale)) };
}

const isImage = (f: ChatFile) =>
  f.contentType.startsWith('image/') && (!!f.thumbnailUrl || f.contentType === 'image/gif');
const isVideo = (f: ChatFile) => ['video/mp4', 'video/webm', 'video/ogg'].includes(f.contentType);
const isAudio = (f: ChatFile) => f.contentType.startsWith('audio/');

/** An icon for a file card, by its type. */
function iconOf(f: ChatFile): string {
  if (f.contentType === 'application/pdf') return '📕';
  if (f.contentType.startsWith('text/')) return '📄';
  if (/zip|tar|gzip|compressed/.test(f.contentType)) return '🗜️';
  if (f.contentType.startsWith('image/')) return '🖼️';
  return '📎';
}

/** A message's files: images as thumbnails (click: the viewer), video and audio playable,
 *  everything else as a card to download. */
export function MessageFiles({ files }: { files: readonly ChatFile[] }) {
  const images = files.filter(isImage);
  const [open, setOpen] = useState<number | null>(null);
  return (
    <div className="message-files">
      {files.map((f) => {
        if (isImage(f)) {
          const size = thumbnailSize(f);
          return (
            <button
              key={f.id}
              type="button"
              className="file-thumb"
              aria-label={`Open ${f.name}`}
              onClick={() => setOpen(images.indexOf(f))}
            >
              <img
                src={f.contentType === 'image/gif' ? f.url : (f.thumbnailUrl ?? f.url)}
                alt={f.name}
                loading="lazy"
                width={size?.width}
                height={size?.height}
              />
            </button>
          );
        }
        if (isVideo(f)) return <video key={f.id} className="file-media" controls preload="metadata" src={f.url} />;
        if (isAudio(f)) return <audio key={f.id} className="file-media" controls preload="metadata" src={f.url} />;
        return (
          <a key={f.id} className="file-card" href={f.url} download={f.name}>
            <span className="file-icon" aria-hidden="true">
              {iconOf(f)}
            </span>
            <span className="file-name" dir="auto">
              {f.name}
            </span>
            <span className="muted">{formatSize(f.size)}</span>
          </a>
        );
      })}
      {open !== null && images[open] && (
        <ImageViewer images={images} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}

/** One image at full size over the page: previous / next (arrow keys), download, Esc closes. */
function ImageViewer({
  images,
  index,
  onIndex,
  onClose,
}: {
  images: readonly ChatFile[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
}) {
  const f = images[index];
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
      else if (e.key === 'ArrowLeft' && index > 0) onIndex(index - 1);
      else if (e.key === 'ArrowRight' && index < images.length - 1) onIndex(index + 1);
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [index, images.length, onIndex, onClose]);
  return (
    <div className="image-viewer" role="dialog" aria-modal="true" aria-label={f.name} onClick={onClose}>
      <img src={f.url} alt={f.name} onClick={(e) => e.stopPropagation()} />
      <div className="viewer-bar" onClick={(e) => e.stopPropagation()}>
        <button type="button" className="secondary" disabled={index === 0} onClick={() => onIndex(index - 1)}>
          ← Previous
        </button>
        <span dir="auto">
          {f.name} · {formatSize(f.size)} ({index + 1} / {images.length})
        </span>
        <button
          type="button"
          className="secondary"
          disabled={index === images.length - 1}
          onClick={() => onIndex(index + 1)}
        >
          Next →
        </button>
        <a className="button secondary" href={f.url} download={f.name}>
          Download
        </a>
        <button type="button" className="secondary" onClick={onClose}>
          Close
        </button>
      </div>
    </div>
  );
}
