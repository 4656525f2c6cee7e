#!/usr/bin/env bash
# t/browser/run.sh - the real-browser stories (t/browser/*.test.js) in
# headless Debian Chromium, driven by npm playwright-core.
#
# Expects HD_VAR to name a running stack (t/run-all.sh sets it; by hand:
# HD_VAR=/tmp/x bash conf/stack/stack.sh start). Installs what is missing
# -- Debian's chromium, the npm packages from package-lock.json -- and is
# otherwise a few milliseconds of checks before the tests run. Never
# downloads a browser through npm/playwright. Exits with the tests' status.
# playwright-core stays at 1.61: the newest that runs on Debian 12's own
# Node.js 18 (make deps installs it where no node is); 1.62 on need 20.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
ROOT=$(cd "$HERE/../.." && pwd -P)
CHROMIUM=/usr/bin/chromium
POLICY_RC=/usr/sbin/policy-rc.d

say() { printf 'browser: %s\n' "$*" >&2; }
die() { printf 'browser: error: %s\n' "$*" >&2; exit 1; }

: "${HD_VAR:?HD_VAR is not set: run through make test / t/run-all.sh, or export HD_VAR of a started stack}"
HD_VAR=$(realpath -m -- "$HD_VAR")
export HD_VAR
[[ -f $HD_VAR/stack.env ]] || die "no $HD_VAR/stack.env: start the stack first (bash conf/stack/stack.sh start)"

as_root() {
    if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi
}

apt_install_chromium() {
    as_root env DEBIAN_FRONTEND=noninteractive \
        apt-get install -y -o DPkg::Lock::Timeout=600 chromium
}

# Set while chromium installs; cleaned up however the script ends.
APT_LOG=
CREATED_POLICY=0
cleanup_install() {
    [[ -z $APT_LOG ]] || rm -f "$APT_LOG"
    if ((CREATED_POLICY)); then as_root rm -f "$POLICY_RC"; fi
    APT_LOG=
    CREATED_POLICY=0
}

install_chromium() {
    say "installing Debian's chromium (about 45 s)"
    trap cleanup_install EXIT
    # Package scripts must not start any system service meanwhile.
    if [[ ! -e $POLICY_RC ]]; then
        printf '#!/bin/sh\n# created by mod_helpdesk t/browser/run.sh\nexit 101\n' |
            as_root tee "$POLICY_RC" >/dev/null
        as_root chmod 755 "$POLICY_RC"
        CREATED_POLICY=1
    fi
    APT_LOG=$(mktemp)
    if ! apt_install_chromium >"$APT_LOG" 2>&1; then
        # A bare machine has no package lists yet: fetch them, try again.
        if grep -qE 'Unable to locate package|has no installation candidate' "$APT_LOG"; then
            say "no package lists yet: apt-get update"
            as_root env DEBIAN_FRONTEND=noninteractive \
                apt-get update -o DPkg::Lock::Timeout=600
            apt_install_chromium
        else
            cat "$APT_LOG" >&2
            die "apt-get install chromium failed"
        fi
    fi
    # exec below would skip the EXIT trap: clean up now.
    cleanup_install
    trap - EXIT
    [[ -x $CHROMIUM ]] || die "chromium is installed but $CHROMIUM is missing"
}

[[ -x $CHROMIUM ]] || install_chromium

# npm writes node_modules/.package-lock.json on every install: it stands
# for node_modules being as new as the lock file it was made from.
if [[ ! -f $HERE/node_modules/.package-lock.json ||
      $HERE/package-lock.json -nt $HERE/node_modules/.package-lock.json ]]; then
    say "installing npm packages (npm ci)"
    (cd "$HERE" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

cd "$ROOT"
# The files are named rather than the directory: Node 21+ no longer
# searches a directory given to --test.
exec node --test t/browser/*.test.js
