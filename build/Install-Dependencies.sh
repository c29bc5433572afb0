#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as outside oracles (thin-provisioning-tools)
# and restores the .NET tools and packages. Safe to run again; installs only what is missing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

want=(thin-provisioning-tools python3 lvm2 ansible-core)
missing=()
for p in "${want[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if ((${#missing[@]})); then
    if [[ $(id -u) == 0 ]]; then
        echo "installing: ${missing[*]}" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
            { apt-get update >/dev/null && apt-get install -y --no-install-recommends "${missing[@]}" >/dev/null; }
    else
        echo "warning: not root, cannot install ${missing[*]}; tests that need them are skipped" >&2
    fi
fi

dotnet tool restore >/dev/null
dotnet restore build/Pester.proj >/dev/null
