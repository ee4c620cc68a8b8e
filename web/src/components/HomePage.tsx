// The design's Home Page as a start page: what is new in your rooms (or how to start), the
// groups to join, who you are and your tags. Creating a group and starting a 1:1 chat live in
// the room list beside every page.
import type { Profile } from '../api/types';
import type { RoomEntry } from '../realtime/room-list';
import { GroupList } from './GroupList';
import { ProfileCard } from './ProfileCard';
import { StartPanel } from './StartPanel';
import { TagEditor } from './TagEditor';

interface Props {
  profile: Profile;
  onProfileChange: (p: Profile) => void;
  rooms: RoomEntry[];
  roomsLoaded: boolean;
}

export function HomePage({ profile, onProfileChange, rooms, roomsLoaded }: Props) {
  return (
    <main className="home">
      <StartPanel name={profile.nickname ?? profile.username} rooms={rooms} loaded={roomsLoaded} />
      <ProfileCard profile={profile} onProfileChange={onProfileChange} />
      <GroupList />
      <TagEditor tags={profile.tags} onTagsChange={(tags) => onProfileChange({ ...profile, tags })} />
    </main>
  );
}
