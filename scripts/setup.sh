#!/usr/bin/env bash
# scripts/setup.sh reports|tests — what a fresh Debian or Ubuntu machine with only
# Node >= 20 and git lacks for `npm run reports` or `npm test` (which run this first,
# as their "pre" scripts; .ci/run too):
#  1. the Debian packages the job drives: installed with apt-get when root, through
#     sudo when there is sudo, otherwise this stops and prints the command to run;
#  2. the npm dependencies: `npm ci` when a dependency is missing or not the locked one.
# It changes nothing when everything is there, so running it again is cheap (~1 s).
set -euo pipefail
cd "$(dirname "$0")/.."

# Executing the notebooks into reports: nbclient and nbconvert drive the kernel;
# notebook 03 times numpy (OpenBLAS) and Numba beside the TypeScript kernels.
reports_packages=(jupyter-nbconvert python3-nbclient python3-numpy python3-numba python3-threadpoolctl)
# The tests add the real clients (jupyter_kernel_test, jupyter_server, the classic
# Notebook page), ipykernel to compare with, and Chromium for the browser tests.
tests_packages=("${reports_packages[@]}" jupyter-notebook python3-jupyter-server python3-jupyter-kernel-test python3-ipykernel chromium)

purpose="${1:-}"
case "$purpose" in
  reports) wanted=("${reports_packages[@]}") ;;
  tests) wanted=("${tests_packages[@]}") ;;
  *) echo "usage: scripts/setup.sh reports|tests" >&2; exit 2 ;;
esac

say() { echo "setup: $*" >&2; }

node_major="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$node_major" -lt 20 ]; then
  say "Node $(node --version) is too old: tsparallel needs Node >= 20"
  exit 1
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
  say "not a Debian or Ubuntu system: install the equivalents of these packages, then run this again: ${wanted[*]}"
  exit 1
fi

missing=()
for package in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  install_command="apt-get update && apt-get install -y ${missing[*]}"
  say "installing the Debian packages the $purpose need: ${missing[*]}"
  if [ "$(id -u)" -eq 0 ]; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q && apt-get install -y -q "${missing[@]}"
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}" || {
      say "sudo apt-get failed; run this as root, then run this again:"
      echo "  sudo sh -c '$install_command'" >&2
      exit 1
    }
  else
    say "not root and no sudo: run this as root, then run this again:"
    echo "  su -c '$install_command'" >&2
    exit 1
  fi
fi

# `npm ls` exits non-zero when a dependency is missing or not the version package.json asks for.
if [ ! -d node_modules ] || ! npm ls --depth=0 >/dev/null 2>&1; then
  say "installing the npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi
