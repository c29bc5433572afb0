#!/bin/sh
# Builds the benchmark in Release and runs it; results go to bench/results.md.
# Needs thin-provisioning-tools (thin_restore, thin_dump, thin_check) and dd; about 4 GiB of
# free space in the work directory (default: a directory under $TMPDIR or /tmp).
set -e
here="$(cd "$(dirname "$0")" && pwd)"
work="${1:-${TMPDIR:-/tmp}/thinpool-bench}"
dotnet build -c Release "$here/ThinPool.Bench/ThinPool.Bench.csproj" -v q -nologo
dotnet "$here/ThinPool.Bench/bin/Release/net8.0/ThinPool.Bench.dll" "$work" "$here/results.md"
rm -rf "$work"
