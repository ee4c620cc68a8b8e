// The shapes the server sends, as documented in docs/protocol.md.

/** The signed-in user with private fields (`GET /profile`). */
export interface Profile {
  id: number;
  username: string;
  nickname: string | null;
  email: string | null;
  avatar: string | null;
  tags: string[];
  createdAt: number;
}

/** Another user as anyone may see them (`/nicknames`, `/users/:username`). */
export interface PublicUser {
  id: number;
  username: string;
  nickname: string | null;
  avatar: string | null;
  online: boolean;
}

/** A room as every REST answer describes it (the `Group` of docs/openapi.yaml). */
export interface Room {
  id: number;
  name: string;
  private: boolean;
  kind: 'group' | 'direct';
  createdBy: number;
  createdAt: number;
  /** Set by the owner; empty when none. */
  topic?: string;
}

/** A group as listed by `GET /groups`. */
export interface GroupSummary extends Room {
  memberCount: number;
  joined: boolean;
  lastMessageAt: number | null;
}

/** A group with its members (`GET /groups/:id`); `online` means connected to the server. */
export interface GroupDetails extends GroupSummary {
  members: {
    id: number;
    username: string;
    nickname?: string | null;
    avatar?: string | null;
    role: 'owner' | 'member';
    online: boolean;
  }[];
}

/** A stored chat message; `seq` is its gap-free position in its room. */
export interface ChatMessage {
  id: number;
  roomId: number;
  seq: number;
  sender: string;
  senderId: number;
  /** Empty once deleted. */
  text: string;
  ts: number;
  clientMsgId?: string | null;
  /** When the text was last edited. */
  editedAt?: number;
  deleted?: boolean;
  /** The message this one answers, quoted (its first 200 characters). */
  replyTo?: ReplyQuote;
  reactions?: Reaction[];
  /** Its attached files, in the sender's order. */
  files?: ChatFile[];
}

/** An uploaded file (`POST /files`) as messages show it; GET `url` as a member of its room. */
export interface ChatFile {
  id: string;
  name: string;
  size: number;
  /** Sniffed by the server from the bytes. */
  contentType: string;
  /** An image's size as it is shown. */
  width?: number;
  height?: number;
  url: string;
  /** A small WebP of an image. */
  thumbnailUrl?: string;
}

/** The message a reply answers, as the reply shows it. */
export interface ReplyQuote {
  id: number;
  sender: string;
  text: string;
  deleted: boolean;
}

/** One emoji on a message: how many carry it, the first 50 of them, and whether you do. */
export interface Reaction {
  emoji: string;
  count: number;
  users: number[];
  me?: boolean;
}

/** A change to a message, an event of the room with its own seq (docs/protocol.md). */
export type MessageChange =
  | { type: 'message_edited'; roomId: number; messageId: number; text: string; editedAt: number; seq: number }
  | { type: 'message_deleted'; roomId: number; messageId: number; seq: number }
  | {
      type: 'reaction';
      roomId: number;
      messageId: number;
      emoji: string;
      user: string;
      userId: number;
      on: boolean;
      count: number;
      seq: number;
    };

/** What a catch-up holds: messages, and the changes made meanwhile. */
export type RoomRow = ChatMessage | MessageChange;

/** A 1:1 room (`GET /direct`, `POST /direct`). */
export interface DirectRoom {
  id: number;
  name: string;
  private: boolean;
  kind: 'direct';
  createdBy: number;
  createdAt: number;
  other: PublicUser;
  lastMessage?: ChatMessage | null;
}

/** A room member as the WebSocket reports it; `online` means connected to the room now. */
export interface Member {
  id: number;
  user: string;
  online: boolean;
}

/** One of the signed-in user's rooms with its read state (`GET /me/rooms`). */
export interface MyRoom extends Room {
  lastSeq: number;
  lastReadSeq: number;
  /** Unread messages that mention the user. */
  mentions?: number;
  /** Messages from others after lastReadSeq, counted up to 1000. */
  unread: number;
  lastMessage: ChatMessage | null;
  /** The other member of a 1:1 room. */
  other?: PublicUser;
}

/** A message found by GET /search, with its room and where the text matched. */
export interface SearchResult extends ChatMessage {
  roomName: string;
  roomKind: 'group' | 'direct';
  /** [start, end) in UTF-16 code units. */
  matches: [number, number][];
}
