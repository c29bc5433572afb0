#!/usr/bin/env bash
# Entry point for a fresh clone: installs what the build needs, then runs build.ps1 in the
# repository's pinned pwsh. Usage: ./build.sh -Task Build|Test|Help|Package|Demo|Bench
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
bash build/Install-Dependencies.sh
exec dotnet tool run pwsh -NoLogo -NoProfile -NonInteractive -File ./build.ps1 "$@"
