# Sourced by scripts/build.sh and docker/Dockerfile: the compiler-cache settings both builds
# share. scripts/test-image.sh lends the host's cache to the image build, which then compiles
# the same files with the same flags at the same path (its NAGAME_SRC build argument): with
# these settings the image should reuse the host build's objects instead of compiling them
# again. Not yet true: the first measured run (2026-12-08) had 0 hits of 183 in the image's
# build, cause not found yet (issue 17's note); the image still builds correctly, only cold.
# - compiler_check=content: the host's and the image's g++ are the same package's bytes but
#   different files (the default, mtime, would never match across them);
# - base_dir: paths below the checkout are hashed relative to it;
# - sloppiness: precompiled headers (CMake's) are cached only with pch_defines,time_macros.
# Source it (POSIX sh) with the checkout's root as the working directory.
export CCACHE_BASEDIR="$PWD"
export CCACHE_COMPILERCHECK=content
export CCACHE_SLOPPINESS=pch_defines,time_macros,include_file_mtime,include_file_ctime
