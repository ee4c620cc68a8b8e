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
  text: string;
  ts: number;
  clientMsgId?: string | null;
}

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
  /** Messages from others after lastReadSeq, counted up to 1000. */
  unread: number;
  lastMessage: ChatMessage | null;
  /** The other member of a 1:1 room. */
  other?: PublicUser;
}
