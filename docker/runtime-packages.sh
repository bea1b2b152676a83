#!/usr/bin/env bash
# Prints the Debian packages that own the shared libraries BINARY loads (per ldd), one a line,
# for the image's runtime stage to install. Fails if a library is not found or no package owns
# it, so a library added to the build can never be missing from the image.
# Usage: docker/runtime-packages.sh BINARY
set -euo pipefail
binary="$1"
libs=$(ldd "$binary") || { echo "runtime-packages: ldd $binary failed" >&2; exit 1; }
if printf '%s\n' "$libs" | grep 'not found' >&2; then
  echo "runtime-packages: $binary needs libraries that are not installed" >&2
  exit 1
fi
# "libx.so.1 => /lib/x86_64-linux-gnu/libx.so.1 (0x…)" or "/lib64/ld-linux-x86-64.so.2 (0x…)";
# linux-vdso has no file.
printf '%s\n' "$libs" | awk '$2 == "=>" { print $3; next } $1 ~ /^\// { print $1 }' |
  while read -r lib; do
    # Debian 12 merges /lib into /usr/lib, but packages list their files under either.
    case "$lib" in /usr/*) other="${lib#/usr}" ;; *) other="/usr$lib" ;; esac
    owner=$(dpkg-query -S "$lib" 2>/dev/null || dpkg-query -S "$other" 2>/dev/null) || {
      echo "runtime-packages: no Debian package owns $lib" >&2
      exit 1
    }
    # "libssl3:amd64: /usr/lib/x86_64-linux-gnu/libssl.so.3" (or "a, b: path")
    printf '%s\n' "${owner%%: *}" | tr -s ', ' '\n'
  done | sort -u
