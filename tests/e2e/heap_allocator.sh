#!/usr/bin/env bash
# The program's heap, as --version reports it: mimalloc on 2 MiB pages in a normal build (the
# speed of the large runs depends on it, see src/cli/heap_setup.hpp), the C library's malloc in
# a sanitizer build. MIMALLOC_LARGE_OS_PAGES=0 is how a user with little memory turns the 2 MiB
# pages off.
set -euo pipefail
bin=$1
fail() { echo "FAIL: $*"; exit 1; }
text=$("$bin" --version)
echo "$text"
grep -Eq '^iotscope [0-9]+\.[0-9]+\.[0-9]+$' <<<"$text" || fail "no version line"
if [ "${IOTSCOPE_SANITIZED:-0}" = 1 ]; then
  grep -qx "heap: the C library's malloc" <<<"$text" || fail "sanitizer build: unexpected heap"
  exit 0
fi
grep -Eqx 'heap: mimalloc [0-9.]+, 2 MiB pages' <<<"$text" ||
  fail "mimalloc on 2 MiB pages expected (a 'not serving malloc' means the link order is wrong)"
small=$(MIMALLOC_LARGE_OS_PAGES=0 "$bin" --version)
grep -Eqx 'heap: mimalloc [0-9.]+, 4 KiB pages' <<<"$small" ||
  fail "MIMALLOC_LARGE_OS_PAGES=0 should keep 4 KiB pages: $small"
echo "OK"
