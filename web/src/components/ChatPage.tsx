// A group chat (/groupchat?roomId=) or 1:1 chat (/chat?roomId=): messages, members, input.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { getGroup } from '../api/client';
import type { ChatMessage, GroupDetails, Profile } from '../api/types';
import { typingNow } from '../realtime/room-state';
import { useTabSession } from '../realtime/tab-session';
import { useWebSocket } from '../realtime/use-web-socket';
import { usePageTitle } from '../routing/page-title';
import { navigate, routes } from '../routing/router';
import { ConnectionBanner } from './ConnectionBanner';
import { ErrorBanner } from './ErrorBanner';
import { InviteForm } from './InviteForm';
import { Link } from './Link';
import { MemberList } from './MemberList';
import { QuoteLine, typingText, type MessageActions } from './MessageExtras';
import { MessageInput } from './MessageInput';
import { AttachmentList, useAttachments } from './Attachments';
import type { PersonInfo } from './MemberList';
import { MessageList } from './MessageList';
import { PersonCard } from './PersonCard';
import { RoomActions } from './RoomActions';
import { StatusLine } from './StatusLine';

interface Props {
  roomId: number;
  kind: 'group' | 'direct';
  me: Profile;
  /** Whether the room is muted in this browser, and how to change it. */
  muted?: boolean;
  onToggleMute?: () => void;
  /** The room is on screen up to `seq` (its newest message `last`): it counts as read. */
  onViewed?: (roomId: number, seq: number, last: { sender: string; text: string; ts: number } | null) => void;
  /** Open the room at this message (a search result), paging back to it if needed. */
  focusSeq?: number;
  /** The user's read marker in the room, from the room list (undefined until it has loaded). */
  readUpTo?: number;
}

/** Pages loaded back, at most, to reach a message opened from search (100 messages each). */
export const JUMP_MAX_PAGES = 20;

export function ChatPage({ roomId, kind, me, onViewed, muted = false, onToggleMute, focusSeq, readUpTo }: Props) {
  // Where the user had read to when the room opened: the "New" divider stays there while they
  // read on.
  const [newAfterSeq, setNewAfterSeq] = useState(readUpTo);
  if (newAfterSeq === undefined && readUpTo !== undefined) setNewAfterSeq(readUpTo);
  // A channel over the tab's one socket (the signed-in shell's), kept when the page goes.
  const room = useWebSocket(roomId, useTabSession().rooms);
  const [replyTo, setReplyTo] = useState<ChatMessage | null>(null);
  const [editingId, setEditingId] = useState<number | null>(null);
  const { editMessage, deleteMessage, react } = room;
  const actions = useMemo<MessageActions>(
    () => ({
      onReply: (m) => {
        setReplyTo(m);
        document.querySelector<HTMLTextAreaElement>('.message-input textarea')?.focus();
      },
      onReact: (id, emoji, on) => void react(id, emoji, on),
      onStartEdit: setEditingId,
      onSaveEdit: editMessage,
      onDelete: (id) => void deleteMessage(id),
    }),
    [editMessage, deleteMessage, react],
  );
  const typists = useTypists(room);
  const jumpFailed = useJumpTo(room, focusSeq);
  const [details, setDetails] = useRoomDetails(roomId);
  const people = useMemo(
    () => new Map<string, PersonInfo>(details?.members.map((m) => [m.username, m]) ?? []),
    [details],
  );
  const [card, setCard] = useState<string | null>(null);
  const closeCard = useCallback(() => setCard(null), []);
  const title = roomTitle(details, roomId, kind, me.username);
  usePageTitle(`${title} · Parley`);
  const visible = usePageVisible();
  const newest = room.messages[room.messages.length - 1];
  useEffect(() => {
    if (!visible || !room.connected || !newest) return;
    onViewed?.(roomId, newest.seq, { sender: newest.sender, text: newest.text, ts: newest.ts });
  }, [visible, room.connected, newest, roomId, onViewed]);

  // Esc: back to the newest message, and the room is read up to it.
  const [toEnd, setToEnd] = useState(0);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || !newest) return;
      setToEnd((n) => n + 1);
      onViewed?.(roomId, newest.seq, { sender: newest.sender, text: newest.text, ts: newest.ts });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [newest, roomId, onViewed]);
  const editLast = () => {
    const last = [...room.messages].reverse().find((m) => m.sender === me.username && !m.deleted);
    if (last) setEditingId(last.id);
  };
  const attachments = useAttachments(roomId);
  const send = (text: string) => {
    if (attachments.busy) return false;
    const sent = room.sendMessage(text, replyTo?.id, attachments.ready ?? []);
    if (sent) {
      setReplyTo(null);
      attachments.clear();
    }
    return sent;
  };
  const [dragging, setDragging] = useState(false);
  const mentionable = useMemo(
    () => (details?.members ?? []).map((m) => m.username).filter((u) => u !== me.username),
    [details, me.username],
  );
  const moderator =
    details?.kind === 'group' && details.members.some((m) => m.username === me.username && m.role === 'owner');

  const leave = () => {
    room.disconnect();
    navigate(routes.home());
  };

  return (
    <main
      className={dragging ? 'chat dropping' : 'chat'}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={(e) => {
        const files = Array.from(e.dataTransfer.files);
        setDragging(false);
        if (files.length === 0) return;
        e.preventDefault();
        attachments.add(files.map((f) => ({ blob: f, name: f.name })));
      }}
    >
      <header className="chat-header">
        <Link href={routes.home()} aria-label="Back to home" className="back">
          ←
        </Link>
        <div className="chat-title">
          <h1 dir="auto">{title}</h1>
          {details?.topic && (
            <p className="topic muted" dir="auto">
              {details.topic}
            </p>
          )}
        </div>
        <StatusLine status={room.status} onReconnect={room.roomClosed ? undefined : room.reconnect} />
        {onToggleMute && (
          <button type="button" className="secondary" aria-pressed={muted} onClick={onToggleMute}>
            {muted ? '🔕 Muted' : 'Mute'}
          </button>
        )}
        <button type="button" onClick={leave}>
          Close
        </button>
        {details?.kind === 'group' && <RoomActions group={details} me={me.username} onChanged={setDetails} />}
      </header>
      <ErrorBanner error={room.error} onDismiss={room.clearError} />
      {jumpFailed && (
        <p className="muted" role="status">
          That message is further back than {JUMP_MAX_PAGES * 100} messages: load older ones to reach it.
        </p>
      )}
      {!room.roomClosed && (
        <ConnectionBanner
          status={room.status}
          retryAt={room.retryAt}
          waiting={room.outbox.filter((o) => o.status === 'pending').length}
          onRetryNow={room.retryNow}
        />
      )}
      {details?.kind === 'group' && details.private && <InviteForm roomId={roomId} onInvited={room.requestRoomList} />}
      <div className="chat-body">
        <MessageList
          messages={room.messages}
          outbox={room.outbox}
          me={me.username}
          hasOlder={room.hasOlder}
          loadingOlder={room.loadingOlder}
          onLoadOlder={room.loadOlder}
          onRetry={room.retryMessage}
          people={people}
          onPerson={setCard}
          actions={actions}
          editingId={editingId}
          moderator={moderator}
          focusSeq={focusSeq}
          toEnd={toEnd}
          newAfterSeq={newAfterSeq}
          emptyText={
            room.roomClosed
              ? 'This room is not available.'
              : room.joined
                ? 'No messages yet. Say hello!'
                : 'Loading messages…'
          }
        />
        <MemberList
          members={room.members}
          me={me.username}
          stale={!room.connected}
          people={people}
          onPerson={setCard}
        />
      </div>
      {card && <PersonCard username={card} me={me.username} onClose={closeCard} />}
      <p className="typing-line muted" aria-live="polite">
        {typingText(typists)}
      </p>
      <MessageInput
        disabledReason={inputDisabledReason(room)}
        offline={!room.connected}
        onSend={send}
        onTyping={room.typing}
        onEditLast={editLast}
        members={mentionable}
        onAddFiles={attachments.add}
        hasFiles={attachments.items.length > 0}
        filesBusy={attachments.busy}
      >
        <AttachmentList items={attachments.items} onRemove={attachments.remove} onRetry={attachments.retry} />
        {replyTo && (
          <div className="replying">
            <span className="muted">Replying to</span>
            <QuoteLine
              quote={{ id: replyTo.id, sender: replyTo.sender, text: replyTo.text.slice(0, 200), deleted: false }}
            />
            <button type="button" className="icon-button" aria-label="Cancel reply" onClick={() => setReplyTo(null)}>
              ✕
            </button>
          </div>
        )}
      </MessageInput>
    </main>
  );
}

/** Pages back until the message `seq` is loaded; true when it is still not after
 *  JUMP_MAX_PAGES pages. */
function useJumpTo(
  room: {
    joined: boolean;
    loadingOlder: boolean;
    hasOlder: boolean;
    messages: ChatMessage[];
    loadOlder: () => boolean;
  },
  seq: number | undefined,
): boolean {
  const [pages, setPages] = useState(0);
  const first = room.messages[0];
  const reached = !seq || !first || first.seq <= seq || !room.hasOlder;
  const { joined, loadingOlder, loadOlder } = room;
  useEffect(() => {
    if (reached || !joined || loadingOlder || pages >= JUMP_MAX_PAGES) return;
    if (loadOlder()) setPages((p) => p + 1);
  }, [reached, joined, loadingOlder, loadOlder, pages]);
  return !reached && pages >= JUMP_MAX_PAGES;
}

/** Who is typing now; re-renders when someone's "typing" runs out. */
function useTypists(room: Parameters<typeof typingNow>[0]): string[] {
  const [now, setNow] = useState(() => Date.now());
  const shown = typingNow(room, now);
  const next = Math.min(...room.typists.map((t) => t.until).filter((u) => u > now));
  useEffect(() => {
    if (!Number.isFinite(next)) return;
    const timer = setTimeout(() => setNow(Date.now()), next - Date.now() + 10);
    return () => clearTimeout(timer);
  }, [next]);
  useEffect(() => setNow(Date.now()), [room.typists]);
  return shown;
}

/** Whether the tab is shown: messages that arrive while it is hidden stay unread. */
function usePageVisible(): boolean {
  const [visible, setVisible] = useState(() => document.visibilityState === 'visible');
  useEffect(() => {
    const update = () => setVisible(document.visibilityState === 'visible');
    document.addEventListener('visibilitychange', update);
    return () => document.removeEventListener('visibilitychange', update);
  }, []);
  return visible;
}

/** Calls `onSessionEnded` if the server answers 401: a refused WebSocket handshake looks like
 *  any other failure to the page, so ask a REST route. */
/** Why the message box is disabled, or null when it is usable: offline, what is typed waits
 *  and goes out on reconnect. */
function inputDisabledReason(room: { roomClosed: boolean }): string | null {
  return room.roomClosed ? 'This room is not available' : null;
}

/** The room's name, kind and members from the REST API; null until loaded (or if the room is
 *  missing or closed to the user, which the WebSocket join reports). */
function useRoomDetails(roomId: number): [GroupDetails | null, (g: GroupDetails) => void] {
  const [details, setDetails] = useState<GroupDetails | null>(null);
  useEffect(() => {
    let current = true;
    getGroup(roomId)
      .then((g) => current && setDetails(g))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [roomId]);
  return [details, setDetails];
}

/** "ABgroup" for a group, "Chat with bob" for a 1:1 room; a placeholder until it loads. */
function roomTitle(details: GroupDetails | null, roomId: number, kind: 'group' | 'direct', me: string): string {
  if (!details) return kind === 'direct' ? '1:1 chat' : `Room ${roomId}`;
  if (details.kind !== 'direct') return details.name;
  return `Chat with ${details.members.find((m) => m.username !== me)?.username ?? me}`;
}
