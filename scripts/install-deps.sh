#!/usr/bin/env bash
# Installs the Debian packages Parley needs, skipping what is present. Safe to run repeatedly;
# needs root (or sudo) only when something is missing.
#   scripts/install-deps.sh          to build and run: compilers, libraries, Node.js
#   scripts/install-deps.sh --test   also what the tests need: PostgreSQL, Redis and nginx
#                                    (throwaway servers), Chromium and an emoji font, clang
#                                    and libFuzzer for the fuzz targets
#   scripts/install-deps.sh --cluster  also what make cluster needs: PostgreSQL, Redis, nginx
#   scripts/install-deps.sh --bench  also what make bench needs: gnuplot for the plot and
#                                    PostgreSQL and Redis for its database and cluster runs
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache pkg-config curl clang-format
  libboost1.81-dev libboost-json1.81-dev libboost-url1.81-dev
  libsqlite3-dev libpq-dev libhiredis-dev libsodium-dev libspdlog-dev libcli11-dev libssl-dev
  libgtest-dev libgmock-dev libyaml-cpp-dev libvalijson-dev libutf8proc-dev
  libgmime-3.0-dev libmagic-dev libvips-dev
)
[ "${1:-}" = "--test" ] && packages+=(postgresql redis-server nginx-light chromium fonts-noto-color-emoji
  clang libclang-rt-14-dev mmdebstrap python3-yaml)
[ "${1:-}" = "--image" ] && packages+=(mmdebstrap)
[ "${1:-}" = "--cluster" ] && packages+=(postgresql redis-server nginx-light)
[ "${1:-}" = "--bench" ] && packages+=(gnuplot-nox postgresql redis-server)
# Node.js may come from another source than Debian (e.g. NodeSource); only install it if absent.
command -v node >/dev/null || packages+=(nodejs)
command -v node >/dev/null && ! command -v npm >/dev/null && packages+=(npm)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing missing packages: ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The web client's build tools (Vite) need Node.js 20.19 or later.
node -e '
  const [major, minor] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`Node.js ${process.versions.node} is too old to build the web client: install 20.19 or later.`);
    process.exit(1);
  }'
