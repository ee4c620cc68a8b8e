#!/usr/bin/env bash
# The container image as far as this machine can run it (no container runtime here): builds the
# root filesystem from Debian's archive with deploy/container/build-rootfs.sh, then runs the
# image's command and its HEALTHCHECK inside it with chroot as the image's user, and checks the
# Dockerfile and compose files against it. Needs root (chroot) and Debian's archive.
set -euo pipefail
parley=$1
web=$2
source_dir=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$work/log" ] && cat "$work/log"; exit 1; }
[ "$(id -u)" = 0 ] || fail "needs root (chroot, mmdebstrap)"
[ -f "$web/index.html" ] || fail "no web client at $web: run make web"

"$source_dir/deploy/container/build-rootfs.sh" "$parley" "$web" "$work" >"$work/build.log" 2>&1 ||
  { cat "$work/build.log"; fail "the root filesystem did not build"; }
root=$work/rootfs
tar -tf "$work/parley-rootfs.tar" ./usr/bin/parley >/dev/null || fail "the tarball lacks the binary"

# Small: a stripped binary, libraries and nothing else (no shell, no package manager). Most of it
# is Debian's libvips, which links every codec it knows (ICU, x265, librsvg, poppler, ImageMagick:
# about 130 MB) though Parley lets it load PNG, JPEG, GIF and WebP only.
readelf -S "$root/usr/bin/parley" | grep -q '\.symtab' && fail "the binary is not stripped"
size_mb=$(du -sm "$root" | cut -f1)
[ "$size_mb" -le 220 ] || fail "the root filesystem is ${size_mb} MB (budget 220)"
[ ! -e "$root/bin/sh" ] && [ ! -e "$root/usr/bin/apt-get" ] || fail "a shell or apt in the image"
grep -q '^parley:x:10001:10001:' "$root/etc/passwd" || fail "no parley user"

# The image's command, as its user (uid 10001, from the Dockerfile), on a loopback port.
as_image() { chroot --userspec=10001:10001 "$root" "$@"; }
as_image /usr/bin/parley --version | grep -qE '^parley [0-9.]+$' || fail "--version in the image"
(cd / && exec chroot --userspec=10001:10001 "$root" /usr/bin/parley serve --host 127.0.0.1 \
  --port 0 --db sqlite:/var/lib/parley/parley.db --files /var/lib/parley/files \
  --web-root /usr/share/parley/web) \
  >/dev/null 2>"$work/log" &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/log" && break; sleep 0.05; done
url=$(grep -o 'listening on http://127.0.0.1:[0-9]*' "$work/log" | sed 's/listening on //')
[ -n "$url" ] || fail "the server in the image did not start"
# The HEALTHCHECK's own command, inside the image.
as_image /usr/bin/parley health --url "$url/readyz" || fail "the HEALTHCHECK failed"
as_image /usr/bin/parley health --url "$url/auth/nowhere" 2>/dev/null && fail "health passed a 404"
curl -sf "$url/" | grep -q '<div id="root"' || fail "the web client is not served"
status=$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"username":"imagetest","password":"password123"}' "$url/auth/register")
[ "$status" = 201 ] || fail "registering in the image answered $status"
[ "$(stat -c %u "$root/var/lib/parley/parley.db")" = 10001 ] || fail "the database is not the user's"
kill -TERM "$pid"
wait "$pid" || fail "the server in the image did not stop cleanly on SIGTERM"
pid=""

# The Dockerfile runs that, as that user, with that HEALTHCHECK; the compose files use the
# image, and the cluster's nodes listen where deploy/nginx.conf sends them.
dockerfile=$source_dir/deploy/container/Dockerfile
grep -qx 'FROM scratch' "$dockerfile" || fail "the Dockerfile pulls a base image"
grep -qx 'USER 10001:10001' "$dockerfile" || fail "the Dockerfile does not run as parley"
grep -q 'HEALTHCHECK .*' "$dockerfile" && grep -q '"/usr/bin/parley", "health"' "$dockerfile" ||
  fail "the Dockerfile's HEALTHCHECK is not parley health"
python3 - "$source_dir" <<'PY' || fail "the compose files do not match the image and nginx.conf"
import re, sys, yaml
src = sys.argv[1]
single = yaml.safe_load(open(f"{src}/deploy/container/compose.yaml"))
assert single["services"]["parley"]["image"].startswith("parley:")
cluster = yaml.safe_load(open(f"{src}/deploy/container/compose.cluster.yaml"))
s = cluster["services"]
assert {"postgres", "redis", "lb", "node1", "node2", "node3"} <= set(s), set(s)
upstream = set(re.findall(r"server 127\.0\.0\.1:(\d+) max_fails=0", open(f"{src}/deploy/nginx.conf").read()))
ports = set()
for n in ("node1", "node2", "node3"):
    node = s[n]
    assert node["network_mode"] == "service:lb" and node["image"].startswith("parley:"), n
    port = node["command"][node["command"].index("--port") + 1]
    assert port in node["healthcheck"]["test"][-1], n
    ports.add(port)
assert ports == upstream, (ports, upstream)
PY
echo "container root filesystem: ${size_mb} MB; serves, health-checks and stops as uid 10001"
