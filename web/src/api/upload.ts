// Uploading files (POST /files): one request per file, with progress and cancel.
import type { ChatFile } from './types';
import { ApiError, NETWORK_ERROR_STATUS } from './http';

/** An upload in flight: its result, and how to stop it. */
export interface Upload {
  done: Promise<ChatFile>;
  cancel: () => void;
}

/** Uploads `file` (named `name`) to room `roomId` as multipart/form-data; `onProgress` gets
 *  the fraction sent (0 to 1). XMLHttpRequest, because fetch cannot report upload progress.
 *  Rejects with an ApiError (code `cancelled` when cancel() stopped it). */
export function uploadFile(roomId: number, file: Blob, name: string, onProgress: (fraction: number) => void): Upload {
  const xhr = new XMLHttpRequest();
  const done = new Promise<ChatFile>((resolve, reject) => {
    xhr.open('POST', `/files?roomId=${roomId}`);
    xhr.withCredentials = true;
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      const body = xhr.response as { files?: ChatFile[]; error?: { code?: string; message?: string } } | null;
      if (xhr.status === 201 && body?.files?.length) {
        onProgress(1);
        resolve(body.files[0]);
        return;
      }
      reject(
        new ApiError(
          xhr.status,
          body?.error?.code ?? `http_${xhr.status}`,
          body?.error?.message ?? (xhr.status === 413 ? 'The file is too large' : 'The upload failed'),
        ),
      );
    };
    xhr.onerror = () => reject(new ApiError(NETWORK_ERROR_STATUS, 'network', 'Cannot reach the server'));
    xhr.onabort = () => reject(new ApiError(NETWORK_ERROR_STATUS, 'cancelled', 'Cancelled'));
    const form = new FormData();
    form.append('file', file, name);
    xhr.send(form);
  });
  return { done, cancel: () => xhr.abort() };
}

/** "1.2 MB", "340 KB", "12 B": a file's size as people read it. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  return `${(bytes / (1024 * 1024 * 1024)).toFixed(1)} GB`;
}
