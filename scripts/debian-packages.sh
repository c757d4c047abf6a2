#!/usr/bin/env bash
# Installs the Debian packages a make target needs, or says exactly how to.
#   scripts/debian-packages.sh test   what `make test` needs
#   scripts/debian-packages.sh run    what `make run` needs (helm is unpacked with unzip)
#   scripts/debian-packages.sh filters  what building the proxy-wasm filters needs
#   scripts/debian-packages.sh --check filters   exit 0 when those are installed, 1 otherwise; installs nothing
# As root it runs apt-get; otherwise it prints the one command to run and exits 1, so `make` stops with that
# sentence instead of failing later on a missing tool. The lists are the only place these packages are named:
# .ci/run and the README point here.
set -euo pipefail

filters=(clang lld wasi-libc libclang-rt-14-dev-wasm32)
run=(unzip)
# chromium: the browser tests; podman: a real Docker engine API for the Docker probe tests;
# wabt: wat2wasm builds the test modules written in WebAssembly text; nginx-light: the real nginx tests.
test=("${run[@]}" "${filters[@]}" chromium podman wabt nginx-light)

check=false
if [ "${1:-}" = "--check" ]; then check=true; shift; fi

case "${1:-}" in
  test) wanted=("${test[@]}") ;;
  run) wanted=("${run[@]}") ;;
  filters) wanted=("${filters[@]}") ;;
  *) echo "usage: $0 test|run|filters" >&2; exit 2 ;;
esac

missing=()
for pkg in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0
$check && exit 1

if ! command -v apt-get >/dev/null 2>&1; then
  echo "This machine has no apt-get: install the equivalents of these Debian packages and run make again: ${missing[*]}" >&2
  exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages for 'make $1'. Run this, then make again:" >&2
  echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages for 'make $1': ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"  # with recommends, as the tests were run
