#!/usr/bin/env bash
# tests/kernel/lvm/run-lvm-tests.sh - the LVM-mode scenarios on a real kernel with real lvm2.
#
#   tests/kernel/lvm/run-lvm-tests.sh [--no-build] [--no-driver] [--no-pester] [FILTER...]
#
# Builds the console driver (LvmKernelTests), makes sparse disk images, boots the dm-vm VM
# once in -r mode (the host root fs, so dotnet, lvm2 and this build are visible) with them as
# /dev/vda../dev/vdg, and runs in it, one process each:
#   1. the engine's LVM layer: every scenario (or those whose names contain a FILTER), on
#      vda, vdb and vdc (1 GiB each);
#   2. the cmdlets' Pester tests tagged Lvm (tests/kernel/Invoke-KernelPester.ps1 -Tag Lvm),
#      on vdd, vde, vdf (1 GiB each) and vdg (1 MiB, too small to be a physical volume).
# The cmdlets must be built (build.ps1 -Task Build) for step 2. lvm2 must be installed on the
# host (build/Install-Dependencies.sh does it). Each step prints a line
# "Tests: N passed, N failed, N skipped". Where the VM cannot start it says why
# and reports the suite as skipped (exit 0), except under CI=true, where that fails (exit 1).
# LVM_SAMPLES_DIR=DIR saves the lvm reports seen in the guest there (the xUnit samples).
# DMVM (path of dm-vm.sh), DMVM_CACHE, DMVM_TIMEOUT (default 900 s: the suite takes about 300 s on a loaded 2-core host) are honoured.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
build=1 driver=1 pester=1 filters=()
for a in "$@"; do
  case $a in
    --no-build) build=0 ;; --no-driver) driver=0 ;; --no-pester) pester=0 ;; *) filters+=("$a") ;;
  esac
done

skip() { # skip REASON
  echo "lvm kernel tests: SKIPPED: $1"
  echo "Tests: 0 passed, 0 failed, 1 skipped"
  if [[ ${CI:-} == true ]]; then echo "lvm kernel tests: CI=true, so a skipped suite fails" >&2; exit 1; fi
  exit 0
}

DMVM=${DMVM:-}
for c in "$ROOT/tests/kernel/vm/dm-vm.sh" /work/shared/tools/dm-vm/dm-vm.sh; do
  [[ -z $DMVM && -x $c ]] && DMVM=$c
done
[[ -n $DMVM ]] || skip "dm-vm.sh not found (set DMVM)"
[[ $(id -u) == 0 ]] || skip "not root (the VM harness installs packages and uses 9p passthrough)"
command -v dotnet >/dev/null || skip "dotnet is not installed"
command -v lvm >/dev/null || skip "lvm2 is not installed on the host (run build/Install-Dependencies.sh)"
if ! "$DMVM" setup >/tmp/thinpool-lvm-dmvm-setup.log 2>&1; then
  skip "the VM could not be set up: $(tail -n 3 /tmp/thinpool-lvm-dmvm-setup.log | tr '\n' ' ')"
fi

OUT="$ROOT/out/lvm-kernel-tests"
if ((build && driver)); then
  dotnet build -c Release --nologo -v q -o "$OUT" "$HERE/LvmKernelTests" >/tmp/thinpool-lvm-build.log 2>&1 \
    || { cat /tmp/thinpool-lvm-build.log; echo "lvm kernel tests: build failed" >&2; exit 1; }
fi
DRIVER="$OUT/ThinPool.LvmKernelTests.dll"
((!driver)) || [[ -f $DRIVER ]] || { echo "lvm kernel tests: $DRIVER is missing (build first)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/thinpool-lvm.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
drives=()
for d in vda vdb vdc vdd vde vdf vdg; do
  truncate -s 1G "$WORK/$d.img"
  drives+=(-d "$WORK/$d.img")
done
truncate -s 1M "$WORK/vdg.img"
mkdir -p "$WORK/samples"
{
  echo '#!/bin/bash'
  echo 'rc=0'
  printf 'cd %q\n' "$ROOT"
  if ((driver)); then
    printf 'dotnet %q' "$DRIVER"; for f in "${filters[@]}"; do printf ' %q' "$f"; done; echo ' || rc=1'
  fi
  # pwsh costs 10 s or more to start in the VM: start it once, for every test tagged Lvm.
  if ((pester)); then
    echo 'dotnet tool run pwsh -- -NoProfile -File tests/kernel/Invoke-KernelPester.ps1 -Tag Lvm || rc=1'
  fi
  echo 'exit $rc'
} >"$WORK/guest.sh"
chmod +x "$WORK/guest.sh"

rc=0
"$DMVM" run -r -s "$ROOT" -c 2 -t "${DMVM_TIMEOUT:-900}" -s "$WORK/samples" \
  "${drives[@]}" \
  -e DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 -e DOTNET_CLI_TELEMETRY_OPTOUT=1 -e DOTNET_NOLOGO=1 \
  -e DOTNET_TieredPGO=0 -e HOME=/root -e LVM_SAMPLES_DIR="$WORK/samples" \
  ${LVM_VERBOSE:+-e LVM_VERBOSE=1} "$WORK/guest.sh" | tee "$WORK/output" || rc=$?
if [[ -n ${LVM_SAMPLES_DIR:-} ]]; then mkdir -p "$LVM_SAMPLES_DIR"; cp "$WORK"/samples/* "$LVM_SAMPLES_DIR"/ 2>/dev/null || true; fi
if ! grep -q '^Tests: ' "$WORK/output"; then
  if ((rc == 125)) && [[ ${CI:-} != true ]]; then skip "the VM did not start or died (exit 125)"; fi
  echo "Tests: 0 passed, 1 failed, 0 skipped"
  exit 1
fi
exit "$rc"
