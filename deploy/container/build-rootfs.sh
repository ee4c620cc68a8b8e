#!/usr/bin/env bash
# Builds Parley's container root filesystem from Debian's archive alone (no image registry):
# the runtime libraries the binary links (mmdebstrap, variant extract: their files, no package
# manager, no shell), the host's CA bundle, the stripped binary, the web client, and a non-root
# user. Writes OUT/rootfs/ and OUT/parley-rootfs.tar, which the
# Dockerfile next to this script turns into an image (FROM scratch).
#
# usage: deploy/container/build-rootfs.sh PARLEY_BINARY WEB_DIST OUT
set -euo pipefail

binary=${1:?usage: build-rootfs.sh PARLEY_BINARY WEB_DIST OUT}
web=${2:?usage: build-rootfs.sh PARLEY_BINARY WEB_DIST OUT}
out=${3:?usage: build-rootfs.sh PARLEY_BINARY WEB_DIST OUT}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
uid=10001  # the parley user: not root, not a uid a host user is likely to have

# The Debian packages of the shared libraries the binary needs (ldd, then dpkg -S), so that the
# list cannot drift from what the build links. Their dependencies' programs are left out (GMime's
# libgpgme depends on gpg, and so on perl): the image runs parley and nothing else.
mapfile -t libs < <(ldd "$binary" | awk '$3 ~ /^\// {print $3}')
packages=$(for lib in "${libs[@]}"; do
  dpkg -S "$(readlink -f "$lib")" 2>/dev/null || dpkg -S "$lib"
done | cut -d: -f1 | sort -u | paste -sd, -)
packages+=",tzdata"

rm -rf "$out/rootfs" "$out/parley-rootfs.tar"
mkdir -p "$out"
mmdebstrap --variant=extract --mode=root --quiet \
  --include="$packages" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/man/*' \
  --dpkgopt='path-exclude=/usr/share/locale/*' --dpkgopt='path-exclude=/usr/share/info/*' \
  --dpkgopt='path-exclude=/usr/share/perl*' --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/perl*' \
  --dpkgopt='path-exclude=/usr/lib/x86_64-linux-gnu/libperl*' --dpkgopt='path-exclude=/usr/bin/*' \
  --dpkgopt='path-exclude=/usr/sbin/*' \
  --customize-hook='rm -rf "$1"/var/lib/apt/lists/* "$1"/var/cache/apt/* "$1"/var/log/*' \
  bookworm "$out/rootfs" "$mirror"

root=$out/rootfs
install -D -m 0755 "$binary" "$root/usr/bin/parley"
strip --strip-all "$root/usr/bin/parley"
mkdir -p "$root/usr/share/parley"
cp -r "$web" "$root/usr/share/parley/web"
mkdir -p "$root/etc/ssl/certs" "$root/var/lib/parley" "$root/tmp"
cp /etc/ssl/certs/ca-certificates.crt "$root/etc/ssl/certs/"
chmod 1777 "$root/tmp"
grep -q '^root:' "$root/etc/passwd" 2>/dev/null || echo 'root:x:0:0:root:/root:/usr/sbin/nologin' >>"$root/etc/passwd"
grep -q '^root:' "$root/etc/group" 2>/dev/null || echo 'root:x:0:' >>"$root/etc/group"
echo "parley:x:$uid:$uid:Parley:/var/lib/parley:/usr/sbin/nologin" >>"$root/etc/passwd"
echo "parley:x:$uid:" >>"$root/etc/group"
chown "$uid:$uid" "$root/var/lib/parley"
tar --numeric-owner -C "$root" -cf "$out/parley-rootfs.tar" .
echo "$out/parley-rootfs.tar: $(du -sh "$root" | cut -f1) ($(du -h "$out/parley-rootfs.tar" | cut -f1) as a tar)"
