# Sourced by scripts/build.sh and docker/Dockerfile: the compiler-cache settings both builds
# share. scripts/test-image.sh lends the host's cache to the image build, which then compiles
# the same files with the same flags at the same path (its NAGAME_SRC build argument): with
# these settings the image reuses the host build's objects instead of compiling them again.
# - compiler_check=content: the host's and the image's g++ are the same package's bytes but
#   different files (the default, mtime, would never match across them);
# - base_dir: paths below the checkout are hashed relative to it;
# - hash_dir off, one LANG: ccache hashes the working directory (with -g) and the locale
#   variables (they change the compiler's messages); a host's ccache.conf or login locale
#   would otherwise give the two builds different keys for the same compile;
# - sloppiness: precompiled headers (CMake's) are cached only with pch_defines,time_macros.
# Source it (POSIX sh) with the checkout's root as the working directory.
export CCACHE_BASEDIR="$PWD"
export CCACHE_COMPILERCHECK=content
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
export CCACHE_NOHASHDIR=1
export LANG=C.UTF-8
unset LC_ALL LC_CTYPE LC_MESSAGES
