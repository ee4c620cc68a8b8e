// The design's Home Page: who you are, the groups to join, 1:1 chats, and your tags.
import type { Profile } from '../api/types';
import { CreateGroupForm } from './CreateGroupForm';
import { DirectPicker } from './DirectPicker';
import { GroupList } from './GroupList';
import { ProfileCard } from './ProfileCard';
import { TagEditor } from './TagEditor';

export function HomePage({ profile, onProfileChange }: { profile: Profile; onProfileChange: (p: Profile) => void }) {
  return (
    <main className="home">
      <ProfileCard profile={profile} onProfileChange={onProfileChange} />
      <GroupList />
      <CreateGroupForm />
      <DirectPicker me={profile.username} />
      <TagEditor tags={profile.tags} onTagsChange={(tags) => onProfileChange({ ...profile, tags })} />
    </main>
  );
}
