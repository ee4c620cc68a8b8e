// Typed wrappers for each REST route the client uses (docs/protocol.md, "REST routes").
import { requestJson } from './http';
import type {
  SearchResult,
  ChatMessage,
  DirectRoom,
  GroupDetails,
  GroupSummary,
  MyRoom,
  Profile,
  PublicUser,
} from './types';

const enc = encodeURIComponent;

/** Creates an account and signs in (the server sets the session cookie). */
export function register(username: string, password: string) {
  return requestJson<{ user: PublicUser; token: string }>('POST', '/auth/register', { username, password });
}

/** Signs in with an existing account. */
export function login(username: string, password: string) {
  return requestJson<{ user: PublicUser; token: string }>('POST', '/auth/login', { username, password });
}

/** Ends the session and clears its cookie. */
export function logout() {
  return requestJson<{ ok: true }>('POST', '/auth/logout');
}

/** The signed-in user; rejects with status 401 when there is no session. */
export function getProfile() {
  return requestJson<Profile>('GET', '/profile');
}

/** Changes the nickname (null clears it). */
export function updateNickname(nickname: string | null) {
  return requestJson<Profile>('PATCH', '/profile', { nickname });
}

/** Adds a tag to the signed-in user; resolves with their tags afterwards. */
export function addTag(tag: string) {
  return requestJson<{ tags: string[] }>('POST', '/profile/tags', { tag });
}

/** Removes a tag from the signed-in user; resolves with their tags afterwards. */
export function removeTag(tag: string) {
  return requestJson<{ tags: string[] }>('DELETE', '/profile/tags/' + enc(tag));
}

/** A page of the public groups plus the private ones the user is in; `after` is the previous
 *  page's `nextAfter` (null on the last page). */
export function listGroups(after?: number) {
  return requestJson<{ groups: GroupSummary[]; nextAfter: number | null }>(
    'GET',
    after === undefined ? '/groups' : `/groups?after=${after}`,
  );
}

/** Creates a group owned by the signed-in user. */
export function createGroup(name: string, isPrivate: boolean) {
  return requestJson<GroupSummary>('POST', '/groups', { name, private: isPrivate });
}

/** One group's name and kind, for a chat page's title; 404 for rooms the user may not see. */
export function getGroup(id: number) {
  return requestJson<GroupDetails>('GET', '/groups/' + id);
}

/** Adds `username` to a private group (any member may) or the caller to a public one. */
export function addMember(groupId: number, username: string) {
  return requestJson<{ id: number; username: string; role: string }>('POST', `/groups/${groupId}/members`, {
    username,
  });
}

/** Users whose username or nickname starts with `prefix`. */
export function searchUsers(prefix: string, limit = 10) {
  return requestJson<{ users: PublicUser[] }>('GET', `/nicknames?q=${enc(prefix)}&limit=${limit}`);
}

/** The 1:1 room with `username`, created on first use. */
export function openDirect(username: string) {
  return requestJson<DirectRoom>('POST', '/direct', { username });
}

/** The user's 1:1 rooms, most recently active first. */
export function listDirect() {
  return requestJson<{ rooms: (DirectRoom & { lastMessage: ChatMessage | null })[] }>('GET', '/direct');
}

/** Messages of the user's rooms containing `q`, newest first; `before` pages on. */
export function searchMessages(q: string, before?: number) {
  const params = new URLSearchParams({ q });
  if (before) params.set('before', String(before));
  return requestJson<{ results: SearchResult[]; hasMore: boolean }>('GET', `/search?${params}`);
}

/** Every room of the signed-in user with unread counts, most recently active first. */
export function listMyRooms() {
  return requestJson<{ rooms: MyRoom[] }>('GET', '/me/rooms');
}

/** Moves the user's read marker in a room forward to `seq`; `keepalive` while the page unloads. */
export function markRead(roomId: number, seq: number, keepalive = false) {
  return requestJson<{ roomId: number; lastReadSeq: number }>('POST', `/groups/${roomId}/read`, { seq }, { keepalive });
}

/** The owner renames a group and/or sets its topic (an empty topic clears it). */
export function updateGroup(id: number, changes: { name?: string; topic?: string }) {
  return requestJson<GroupSummary>('PATCH', '/groups/' + id, changes);
}

/** The owner deletes a group with its messages. */
export function deleteGroup(id: number) {
  return requestJson<{ deleted: number }>('DELETE', '/groups/' + id);
}

/** Removes `username` from a group: the owner removes others, anyone may remove themselves. */
export function removeMember(groupId: number, username: string) {
  return requestJson<{ removed: string }>('DELETE', `/groups/${groupId}/members/${enc(username)}`);
}

/** Leaves a private group and blocks it: nobody can add the signed-in user to it again. */
export function blockGroup(groupId: number) {
  return requestJson<{ blocked: number }>('POST', `/groups/${groupId}/block`);
}

/** Changes the fields given of the signed-in user's profile; null clears one. */
export function updateProfile(changes: { nickname?: string | null; email?: string | null; avatar?: string | null }) {
  return requestJson<Profile>('PATCH', '/profile', changes);
}

/** Changes the password; every other session of the user ends. */
export function changePassword(currentPassword: string, newPassword: string) {
  return requestJson<{ ok: true }>('POST', '/auth/password', { currentPassword, newPassword });
}

/** Ends every session of the user, this one included. */
export function logoutEverywhere() {
  return requestJson<{ ended: number }>('POST', '/auth/logout-all');
}

/** Deletes the account (its messages stay, shown as from "deleted user N"). */
export function deleteAccount(password: string) {
  return requestJson<{ deleted: number }>('DELETE', '/profile', { password });
}

/** What anyone may see of a user, with their tags. */
export function getUser(username: string) {
  return requestJson<PublicUser & { tags: string[]; createdAt: number }>('GET', '/users/' + enc(username));
}

/** Everyone who carries `tag`. */
export function usersWithTag(tag: string) {
  return requestJson<{ tag: string; users: PublicUser[] }>('GET', `/tags/${enc(tag)}/users`);
}
