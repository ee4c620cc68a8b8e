// The design's Home Page: who you are, the groups to join, and your tags. Creating a group and
// starting a 1:1 chat live in the room list beside every page.
import type { Profile } from '../api/types';
import { GroupList } from './GroupList';
import { ProfileCard } from './ProfileCard';
import { TagEditor } from './TagEditor';

export function HomePage({ profile, onProfileChange }: { profile: Profile; onProfileChange: (p: Profile) => void }) {
  return (
    <main className="home">
      <ProfileCard profile={profile} onProfileChange={onProfileChange} />
      <GroupList />
      <TagEditor tags={profile.tags} onTagsChange={(tags) => onProfileChange({ ...profile, tags })} />
    </main>
  );
}
