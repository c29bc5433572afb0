#!/usr/bin/env bash
# bench/kernel/run.sh [COUNT] - in the dm-vm VM, time COUNT x (create snapshot, activate, remove)
# through our engine layer (one .NET process) and through dmsetup in a shell loop, on the same
# pool, and write the numbers and their ratio to bench/kernel/results.md.
# The cmdlet run joins when bench/kernel/Bench-Cmdlets.ps1 exists: it runs in one pwsh session
# on a loop pool of its own (same shape), created with New-ThinPool.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
N=${1:-200}
dotnet build -c Release --nologo -v q "$HERE/ThinPool.Kernel.Bench" >/tmp/thinpool-bench-build.log 2>&1 \
  || { cat /tmp/thinpool-bench-build.log; exit 1; }
BENCH="$HERE/ThinPool.Kernel.Bench/bin/Release/net8.0/ThinPool.Kernel.Bench.dll"
GUEST=$(mktemp /tmp/thinpool-bench-guest.XXXXXX.sh); OUT=$(mktemp /tmp/thinpool-bench-out.XXXXXX)
trap 'rm -f "$GUEST" "$OUT"' EXIT
cat >"$GUEST" <<G
#!/bin/bash
set -euo pipefail
ms() { echo \$(( (\$(date +%s%N) - \$1) / 1000000 )); }
truncate -s 1G /tmp/data; truncate -s 64M /tmp/meta
D=\$(losetup -f --show /tmp/data); M=\$(losetup -f --show /tmp/meta)
dmsetup create bench.tpkb --table "0 \$(blockdev --getsz \$D) thin-pool \$M \$D 128 0 1 skip_block_zeroing"
dmsetup message bench.tpkb 0 "create_thin 0"
L=131072
t=\$(date +%s%N)
for i in \$(seq 1 $N); do
  dmsetup message bench.tpkb 0 "create_snap \$i 0"
  dmsetup create bench.tpkb-d\$i --table "0 \$L thin /dev/mapper/bench.tpkb \$i"
  dmsetup remove bench.tpkb-d\$i
done
echo "dmsetup: $N x (create_snap, activate, remove) in \$(ms \$t) ms"
t=\$(date +%s%N)
dotnet $BENCH bench.tpkb 0 100000 $N \$L
echo "engine-process-wall: \$(ms \$t) ms"
if [ -f $HERE/Bench-Cmdlets.ps1 ]; then
  t=\$(date +%s%N)
  cd $ROOT && dotnet tool run pwsh -- -NoProfile -File $HERE/Bench-Cmdlets.ps1 -Pool bench.tpkb -Count $N
  echo "cmdlets-process-wall: \$(ms \$t) ms"
fi
G
chmod +x "$GUEST"
"$ROOT/tests/kernel/vm/dm-vm.sh" run -r -s "$ROOT" -c 2 -t 900 -e DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 \
  -e DOTNET_NOLOGO=1 -e HOME=/root "$GUEST" | tee "$OUT"
dm=$(grep -o 'dmsetup: .* in [0-9]* ms' "$OUT" | grep -o '[0-9]* ms' | tail -1 | cut -d' ' -f1)
en=$(grep -o 'engine: .* in [0-9]* ms' "$OUT" | grep -o 'in [0-9]* ms' | cut -d' ' -f2)
wall=$(grep -o 'engine-process-wall: [0-9]*' "$OUT" | cut -d' ' -f2)
cm=$(grep -o 'cmdlets: .* in [0-9]* ms' "$OUT" | grep -o 'in [0-9]* ms' | cut -d' ' -f2 || true)
cmwall=$(grep -o 'cmdlets-process-wall: [0-9]*' "$OUT" | cut -d' ' -f2 || true)
{
  echo "# Kernel layer benchmark"
  echo
  echo "$N x (create_snap of an inactive origin, activate the snapshot, remove it) on one thin pool"
  echo "(1 GiB sparse data on loop, 64 KiB blocks), inside the dm-vm VM (qemu TCG, 2 vCPUs,"
  echo "Debian kernel $(cat "${DMVM_CACHE:-$HOME/.cache/dm-vm}/kernel/kver" 2>/dev/null)), measured $(date -u +%Y-%m-%d)."
  echo "No udev in the VM: dmsetup runs with DM_DISABLE_UDEV=1; our layer makes its own nodes."
  echo
  echo "| path | total ms | ms per iteration |"
  echo "|---|---|---|"
  echo "| dmsetup, shell loop (3 processes per iteration) | $dm | $(awk "BEGIN{printf \"%.2f\", $dm/$N}") |"
  echo "| engine layer, one process, loop only | $en | $(awk "BEGIN{printf \"%.2f\", $en/$N}") |"
  echo "| engine layer, one process, incl. .NET start | $wall | $(awk "BEGIN{printf \"%.2f\", $wall/$N}") |"
  if [[ -n $cm ]]; then
    echo "| cmdlets (New-ThinSnapshot, Mount-ThinVolume, Remove-ThinVolume), one pwsh, loop only | $cm | $(awk "BEGIN{printf \"%.2f\", $cm/$N}") |"
    echo "| cmdlets, one pwsh, incl. pwsh start and pool set-up | $cmwall | $(awk "BEGIN{printf \"%.2f\", $cmwall/$N}") |"
  fi
  echo
  if [[ -n $cm ]]; then
    echo "Ratio dmsetup / cmdlets (loop only): $(awk "BEGIN{printf \"%.2f\", $dm/$cm}")x. The cmdlets"
    echo "do more per iteration than dmsetup: the pool lock, the name record written and fsynced"
    echo "twice (pending, then promoted), set_transaction_id, and a metadata snapshot read for"
    echo "the device list of the new snapshot. The ratio depends on the host: dmsetup's cost is"
    echo "mostly process starts, which a busy host slows more (2.6x was measured under load,"
    echo "about 2x on a quiet one). The 5x aimed for is not reached."
    echo
  fi
  echo "Ratio dmsetup / engine (loop only): $(awk "BEGIN{printf \"%.1f\", $dm/$en}")x;"
  echo "including the .NET process start: $(awk "BEGIN{printf \"%.1f\", $dm/$wall}")x."
  echo
  echo "Reproduce: \`bench/kernel/run.sh $N\` (as root; boots the VM from tests/kernel/vm)."
} >"$HERE/results.md"
cat "$HERE/results.md"
