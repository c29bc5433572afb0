#!/usr/bin/env bash
# tests/kernel/run.sh - run the real-kernel test suites inside the dm-vm VM (tests/kernel/vm).
#
#   tests/kernel/run.sh [--no-build] [--no-pester] [FILTER...]
#
# Builds the engine's kernel driver (tests/ThinPool.Kernel.Tests), boots the VM once in -r mode
# (the host root fs, so dotnet is visible; the checkout is shared as well, because the guest
# mounts its own /tmp and /run, where a CI clone may live), and runs in it, one process each:
#   1. the engine driver: every scenario (or those whose names contain a FILTER);
#   2. tests/kernel/Invoke-KernelPester.ps1 in one pwsh (the cmdlets' Pester tests tagged
#      Kernel), when some file under tests/pester has a -Tag ... Kernel and --no-pester is not given.
# Where the VM cannot start (not root, qemu or packages missing) it says why and reports the
# kernel tests as skipped with exit 0, except under CI=true, where that is a failure (exit 1).
# DMVM_CACHE picks the VM cache (default ~/.cache/dm-vm); DMVM_TIMEOUT the VM limit (1200 s).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
build=1 pester=1 filters=()
for a in "$@"; do
  case $a in
    --no-build) build=0 ;; --no-pester) pester=0 ;; *) filters+=("$a") ;;
  esac
done

skip() { # skip REASON
  echo "kernel tests: SKIPPED: $1"
  echo "Tests: 0 passed, 0 failed, 0 skipped (kernel suite skipped)"
  if [[ ${CI:-} == true ]]; then echo "kernel tests: CI=true, so a skipped kernel suite fails" >&2; exit 1; fi
  exit 0
}

[[ $(id -u) == 0 ]] || skip "not root (the VM harness installs packages and uses 9p passthrough)"
command -v dotnet >/dev/null || skip "dotnet is not installed"
if ! "$HERE/vm/dm-vm.sh" setup >/tmp/thinpool-dmvm-setup.log 2>&1; then
  skip "the VM could not be set up: $(tail -n 3 /tmp/thinpool-dmvm-setup.log | tr '\n' ' ')"
fi

DRIVER="$ROOT/tests/ThinPool.Kernel.Tests/bin/Release/net8.0/ThinPool.Kernel.Tests.dll"
if ((build)); then
  dotnet build -c Release --nologo -v q "$ROOT/tests/ThinPool.Kernel.Tests" >/tmp/thinpool-kernel-build.log 2>&1 \
    || { cat /tmp/thinpool-kernel-build.log; echo "kernel tests: build failed" >&2; exit 1; }
fi
[[ -f $DRIVER ]] || { echo "kernel tests: $DRIVER is missing (build first)" >&2; exit 1; }

GUEST=$(mktemp /tmp/thinpool-kernel-guest.XXXXXX.sh)
trap 'rm -f "$GUEST"' EXIT
{
  echo '#!/bin/bash'
  echo 'set -u; rc=0'
  printf 'cd %q\n' "$ROOT"
  printf 'echo "== engine kernel driver"\n'
  printf 'dotnet %q' "$DRIVER"; for f in "${filters[@]}"; do printf ' %q' "$f"; done; echo ' || rc=1'
  # pwsh costs 10 s or more to start in the VM: start it only when a test is tagged Kernel.
  if ((pester)) && [[ -f $HERE/Invoke-KernelPester.ps1 ]] \
    && grep -rqsE -- "-Tags?[[:space:]]+[^#]*'?Kernel'?" "$ROOT/tests/pester"; then
    echo 'echo "== Pester (Kernel tag)"'
    echo 'dotnet tool run pwsh -- -NoProfile -File tests/kernel/Invoke-KernelPester.ps1 || rc=1'
  fi
  echo 'exit $rc'
} >"$GUEST"
chmod +x "$GUEST"
exec "$HERE/vm/dm-vm.sh" run -r -s "$ROOT" -c 2 -t "${DMVM_TIMEOUT:-1200}" \
  -e DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 -e DOTNET_CLI_TELEMETRY_OPTOUT=1 \
  -e DOTNET_NOLOGO=1 -e DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 -e HOME=/root "$GUEST"
