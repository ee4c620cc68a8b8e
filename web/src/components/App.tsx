// The app shell: who is signed in, and which page the address shows.
import { useCallback, useEffect, useRef, useState } from 'react';
import { getProfile, logout } from '../api/client';
import { ApiError } from '../api/http';
import type { Profile } from '../api/types';
import { notificationsAllowed, shouldNotify } from '../realtime/notifications';
import { checkSession, TabSessionContext, useNewTabSession } from '../realtime/tab-session';
import type { RoomEntry } from '../realtime/room-list';
import { useRoomList, type ActivityListener, type UseRoomListResult } from '../realtime/use-room-list';
import { useUnreadInTitle } from '../routing/page-title';
import { navigate, routes, useLocation } from '../routing/router';
import { ChatPage } from './ChatPage';
import { DirectRedirect } from './DirectRedirect';
import { HomePage } from './HomePage';
import { Link } from './Link';
import { SearchPage } from './SearchPage';
import { SettingsPage } from './SettingsPage';
import { TagPage } from './TagPage';
import { QuickSwitcher } from './QuickSwitcher';
import { Sidebar } from './Sidebar';
import { SignInPage } from './SignInPage';

type Session =
  | { state: 'loading' }
  | { state: 'signed_out' }
  | { state: 'failed'; message: string }
  | { state: 'signed_in'; profile: Profile };

/** Loads the session, then shows the sign-in page or the page the address names. */
export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' });

  const loadSession = useCallback(() => {
    getProfile()
      .then((profile) => setSession({ state: 'signed_in', profile }))
      .catch((e: unknown) => {
        if (e instanceof ApiError && e.status === 401) setSession({ state: 'signed_out' });
        else setSession({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
      });
  }, []);
  useEffect(loadSession, [loadSession]);

  const signOut = async () => {
    await logout().catch(() => undefined);
    setSession({ state: 'signed_out' });
    navigate(routes.home());
  };

  switch (session.state) {
    case 'loading':
      return <p className="page-message">Loading…</p>;
    case 'failed':
      return (
        <main className="page-message" role="alert">
          <p>⚠️ Error: {session.message}</p>
          <button type="button" onClick={loadSession}>
            Try again
          </button>
        </main>
      );
    case 'signed_out':
      return <SignInPage onSignedIn={loadSession} />;
    case 'signed_in':
      return (
        <SignedIn
          profile={session.profile}
          onProfileChange={(profile) => setSession({ state: 'signed_in', profile })}
          onSessionEnded={() => setSession({ state: 'signed_out' })}
          onSignOut={signOut}
        />
      );
  }
}

/** The signed-in shell: header, the room list beside the page, the unread total in the title. */
function SignedIn({ onSignOut, ...props }: Omit<RoutesProps, 'roomList'> & { onSignOut: () => void }) {
  const { pathname, query } = useLocation();
  const openRoom = pathname === '/groupchat' || pathname === '/chat' ? Number(query.get('roomId')) : 0;
  const openRoomRef = useRef(openRoom);
  openRoomRef.current = openRoom;
  const mutedRef = useRef<ReadonlySet<number>>(new Set());
  const notify = useCallback<ActivityListener>(
    (room, activity) => {
      const looking = openRoomRef.current === room.id && document.visibilityState === 'visible';
      const muted = mutedRef.current.has(room.id);
      if (
        !notificationsAllowed() ||
        !shouldNotify({
          kind: room.kind,
          senderId: activity.senderId,
          me: props.profile.id,
          muted,
          mention: activity.mention,
          looking,
        })
      )
        return;
      const title = activity.mention ? `${activity.sender} mentioned you in ${room.title}` : activity.sender;
      const n = new Notification(title, { body: activity.preview, tag: `parley-room-${room.id}` });
      n.onclick = () => {
        window.focus();
        navigate(room.kind === 'direct' ? routes.direct(room.id) : routes.group(room.id));
        n.close();
      };
    },
    [props.profile.id],
  );
  const tab = useNewTabSession(props.profile.id, {
    onConnectFailed: () => checkSession(props.onSessionEnded),
    onSessionEnded: props.onSessionEnded,
  });
  const roomList = useRoomList(props.profile.id, props.profile.username, tab.socket, notify);
  mutedRef.current = roomList.muted;
  const [switching, setSwitching] = useState(false);
  const go = (room: RoomEntry) => {
    setSwitching(false);
    navigate(room.kind === 'direct' ? routes.direct(room.id) : routes.group(room.id));
  };
  const goRef = useRef(go);
  goRef.current = go;
  const roomsRef = useRef(roomList.rooms);
  roomsRef.current = roomList.rooms;
  // Ctrl/Cmd+K opens the quick switcher; Alt+↑/↓ go to the room above or below in the list.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k') {
        e.preventDefault();
        setSwitching(true);
      } else if (e.altKey && (e.key === 'ArrowUp' || e.key === 'ArrowDown')) {
        const rooms = roomsRef.current;
        if (rooms.length === 0) return;
        e.preventDefault();
        const at = rooms.findIndex((r) => r.id === openRoomRef.current);
        const step = e.key === 'ArrowUp' ? -1 : 1;
        const next = at < 0 ? (step > 0 ? 0 : rooms.length - 1) : (at + step + rooms.length) % rooms.length;
        goRef.current(rooms[next]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const [drawerOpen, setDrawerOpen] = useState(false);
  // Wherever navigation came from (a link, the 1:1 picker, a new group), the drawer's job ends
  // there: on a phone it must not stay over the page just opened.
  const here = pathname + query.toString();
  useEffect(() => setDrawerOpen(false), [here]);
  useUnreadInTitle(roomList.unreadTotal);
  return (
    <TabSessionContext.Provider value={tab}>
      <div className="app">
        <header className="app-header">
          <button
            type="button"
            className="drawer-toggle"
            aria-expanded={drawerOpen}
            aria-controls="sidebar"
            onClick={() => setDrawerOpen((o) => !o)}
          >
            Rooms{roomList.unreadTotal > 0 ? ` (${roomList.unreadTotal})` : ''}
          </button>
          <Link href={routes.home()} className="brand">
            Parley
          </Link>
          <span className="signed-in-as">
            Signed in as <strong>{props.profile.username}</strong>
          </span>
          <Link href={routes.search()} className="settings-link">
            Search
          </Link>
          <Link href={routes.settings()} className="settings-link">
            Settings
          </Link>
          <button type="button" onClick={onSignOut}>
            Sign out
          </button>
        </header>
        <div className="app-body">
          <Sidebar
            me={props.profile.username}
            rooms={roomList.rooms}
            muted={roomList.muted}
            loaded={roomList.loaded}
            open={drawerOpen}
            onNavigate={() => setDrawerOpen(false)}
          />
          <Routes {...props} roomList={roomList} />
        </div>
        {switching && <QuickSwitcher rooms={roomList.rooms} onOpen={go} onClose={() => setSwitching(false)} />}
      </div>
    </TabSessionContext.Provider>
  );
}

interface RoutesProps {
  profile: Profile;
  onProfileChange: (p: Profile) => void;
  onSessionEnded: () => void;
  roomList: UseRoomListResult;
}

function Routes({ profile, onProfileChange, onSessionEnded, roomList }: RoutesProps) {
  const { pathname, query } = useLocation();
  const roomId = Number(query.get('roomId'));
  const validRoom = Number.isSafeInteger(roomId) && roomId > 0;
  if (pathname === '/')
    return (
      <HomePage
        profile={profile}
        onProfileChange={onProfileChange}
        rooms={roomList.rooms}
        roomsLoaded={roomList.loaded}
      />
    );
  if (pathname === '/settings')
    return <SettingsPage profile={profile} onProfileChange={onProfileChange} onSignedOut={onSessionEnded} />;
  if ((pathname === '/groupchat' || pathname === '/chat') && validRoom) {
    return (
      <ChatPage
        key={roomId}
        roomId={roomId}
        kind={pathname === '/chat' ? 'direct' : 'group'}
        me={profile}
        onViewed={roomList.viewed}
        focusSeq={Number(query.get('at')) || undefined}
        readUpTo={roomList.rooms.find((r) => r.id === roomId)?.lastReadSeq}
        muted={roomList.muted.has(roomId)}
        onToggleMute={() => roomList.toggleMute(roomId)}
      />
    );
  }
  const tag = query.get('tag');
  if (pathname === '/people' && tag) return <TagPage tag={tag} me={profile.username} />;
  if (pathname === '/find') return <SearchPage query={query.get('q') ?? ''} />;
  if (pathname.startsWith('/dm/') && pathname.length > 4) {
    return <DirectRedirect username={decodeURIComponent(pathname.slice(4))} />;
  }
  return (
    <main className="page-message">
      <h1>Page not found</h1>
      <p>
        Nothing lives at this address. <Link href={routes.home()}>Go home</Link>
      </p>
    </main>
  );
}
