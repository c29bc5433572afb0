#!/usr/bin/env bash
# Runs the reliability cases at full count and regenerates docs/reliability.md:
#   1,000 crash workloads (each image also checked by thin_check and dmthin_inspect.py),
#   10,000 corruption cases, and the Pester race, bad-input and security files once.
# Usage: bench/reliability/run.sh [crash cases] [corruption cases]
# SKIP_PESTER=1 leaves the Pester rows out. Needs thin-provisioning-tools and python3.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
crash="${1:-1000}"
corruption="${2:-10000}"
summary=""

if [[ "${SKIP_PESTER:-}" != 1 ]]; then
  dotnet publish "$root/src/ThinPool.Commands" -c Release -o "$root/out/bin" --nologo -v q
  summary="$(mktemp --suffix=.json)"
  dotnet tool run pwsh -NoLogo -NoProfile -NonInteractive -File "$here/Invoke-ReliabilityPester.ps1" \
    -Root "$root" -SummaryPath "$summary"
fi

dotnet build -c Release --nologo -v q "$here/ThinPool.Reliability.Bench"
dotnet "$here/ThinPool.Reliability.Bench/bin/Release/net8.0/ThinPool.Reliability.Bench.dll" \
  "$root/docs/reliability.md" "$crash" "$corruption" $summary
