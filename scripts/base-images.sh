#!/usr/bin/env bash
# Makes the base images docker/Dockerfile starts from, debian:bookworm and debian:bookworm-slim,
# from the Debian mirror with debootstrap, without a container registry, and imports them into
# the local container store (buildah/podman) as docker.io/library/debian:{bookworm,bookworm-slim}.
# Like Debian's official images (debuerreotype): minbase with bookworm, bookworm-updates and
# bookworm-security, upgraded, apt configured for containers; slim also drops docs, man pages
# and locales. The root filesystems are cached as tarballs in $NAGAME_IMAGE_CACHE
# (default /var/cache/nagame-image) and made again when older than
# $NAGAME_BASE_MAX_AGE_DAYS (default 30); the packages debootstrap fetches stay in apt's cache.
# Usage: scripts/base-images.sh [--refresh]   (as root)
set -euo pipefail

cache="${NAGAME_IMAGE_CACHE:-/var/cache/nagame-image}"
max_age_days="${NAGAME_BASE_MAX_AGE_DAYS:-30}"
refresh=0
[[ "${1:-}" == "--refresh" ]] && refresh=1

mkdir -p "$cache"
exec 9>"$cache/lock"
flock 9  # one maker at a time; a second caller then finds the images made

log() { echo "base-images: $*" >&2; }

work=""       # the root filesystem being made, and
container=""  # the container being imported into: removed on any exit
cleanup() {
  if [[ -n "$work" ]]; then
    umount -l "$work/rootfs/proc" 2>/dev/null || true
    rm -rf --one-file-system "$work"
  fi
  if [[ -n "$container" ]]; then
    buildah rm "$container" >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

# Writes Debian's container settings (as in the official images) into the root filesystem $1.
configure_rootfs() {
  local root="$1"
  rm -f "${root:?}/etc/apt/sources.list"
  cat >"${root:?}/etc/apt/sources.list.d/debian.sources" <<'EOF'
Types: deb
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  cat >"${root:?}/etc/apt/apt.conf.d/docker-clean" <<'EOF'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF
  echo 'Acquire::GzipIndexes "true";' >"${root:?}/etc/apt/apt.conf.d/docker-gzip-indexes"
  echo 'Acquire::Languages "none";' >"${root:?}/etc/apt/apt.conf.d/docker-no-languages"
  echo 'Apt::AutoRemove::SuggestsImportant "false";' \
    >"${root:?}/etc/apt/apt.conf.d/docker-autoremove-suggests"
  echo 'force-unsafe-io' >"${root:?}/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  printf '#!/bin/sh\nexit 101\n' >"${root:?}/usr/sbin/policy-rc.d"
  chmod 755 "${root:?}/usr/sbin/policy-rc.d"
}

# Empties what a container gets from its runtime or must not ship: package lists and
# downloaded packages, logs, the host's resolv.conf and hostname copied by debootstrap.
clean_rootfs() {
  local root="$1"
  rm -rf "${root:?}"/var/lib/apt/lists/* "${root:?}"/var/cache/apt/*.bin \
    "${root:?}"/var/cache/apt/archives/*.deb "${root:?}"/var/log/apt/* "${root:?}"/var/cache/debconf/*-old \
    "${root:?}"/var/lib/dpkg/*-old "${root:?}"/tmp/* "${root:?}"/dev/* "${root:?}"/root/.bash_history
  find "${root:?}/var/log" -type f -exec truncate -s 0 {} +
  : >"${root:?}/etc/resolv.conf"
  rm -f "${root:?}/etc/hostname"
}

# bookworm-slim: no documentation, man pages or locales, now or after later installs.
slim_rootfs() {
  local root="$1"
  cat >"${root:?}/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/locale/*
path-include /usr/share/locale/locale.alias
path-exclude /usr/share/man/*
EOF
  find "${root:?}/usr/share/doc" -mindepth 1 -not -name copyright -not -type d -delete
  find "${root:?}/usr/share/doc" -mindepth 1 -type d -empty -delete
  rm -rf "${root:?}"/usr/share/{groff,info,linda,lintian,man}/*
  find "${root:?}/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
}

# Makes both tarballs from one debootstrap run.
make_tarballs() {
  work=$(mktemp -d "$cache/rootfs.XXXXXX")
  log "debootstrap --variant=minbase bookworm"
  mkdir -p /var/cache/apt/archives
  debootstrap --variant=minbase --cache-dir=/var/cache/apt/archives bookworm \
    "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 ||
    {
      tail -20 "$work/debootstrap.log" >&2
      return 1
    }
  configure_rootfs "$work/rootfs"
  # Security and point updates, as the official images have them.
  mount -t proc proc "$work/rootfs/proc"
  cp /etc/resolv.conf "$work/rootfs/etc/resolv.conf"
  chroot "$work/rootfs" sh -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get -y -qq upgrade' \
    >>"$work/debootstrap.log" 2>&1 || {
    tail -20 "$work/debootstrap.log" >&2
    return 1
  }
  umount "$work/rootfs/proc"
  clean_rootfs "$work/rootfs"
  tar --numeric-owner --xattrs -C "$work/rootfs" -cf "$work/bookworm.tar" .
  slim_rootfs "$work/rootfs"
  tar --numeric-owner --xattrs -C "$work/rootfs" -cf "$work/bookworm-slim.tar" .
  mv "$work/bookworm.tar" "$cache/debian-bookworm.tar"
  mv "$work/bookworm-slim.tar" "$cache/debian-bookworm-slim.tar"
  rm -rf "$work"
  work=""
}

# Imports tarball $1 as image $2 unless the store already holds that very tarball there.
import_tarball() {
  local tarball="$1" image="$2" stamp current mount
  stamp=$(stat -c %Y "$tarball")
  current=$(buildah inspect --type image \
    --format '{{index .OCIv1.Config.Labels "org.nagame.base-image.stamp"}}' "$image" 2>/dev/null ||
    true)
  [[ "$current" == "$stamp" ]] && return 0
  log "importing $tarball as $image"
  container=$(buildah from --quiet scratch)
  mount=$(buildah mount "$container")
  tar --numeric-owner --xattrs -C "$mount" -xpf "$tarball"
  buildah umount "$container" >/dev/null
  buildah config --cmd '["bash"]' \
    --env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --label "org.nagame.base-image.stamp=$stamp" \
    "$container"
  buildah commit --quiet --rm --format docker "$container" "$image" >/dev/null
  container=""
}

fresh() { [[ -f "$1" ]] && [[ -n $(find "$1" -mtime "-$max_age_days") ]]; }

if ((refresh)) || ! fresh "$cache/debian-bookworm.tar" || ! fresh "$cache/debian-bookworm-slim.tar"; then
  make_tarballs
fi
import_tarball "$cache/debian-bookworm.tar" docker.io/library/debian:bookworm
import_tarball "$cache/debian-bookworm-slim.tar" docker.io/library/debian:bookworm-slim
