#!/usr/bin/env bash
# What `make site` and `make test` run to prepare a Debian machine; the Makefile calls each part.
#
#   setup-test-env.sh missing            print the Debian packages the tests need and lack (nothing if none)
#   setup-test-env.sh check              print one line saying what to install, when packages are missing
#                                        and this is not root (nothing otherwise); the Makefile stops on it
#   setup-test-env.sh packages           install the missing packages with apt-get as root; otherwise
#                                        print that same line and fail
#   setup-test-env.sh venv PYTHON DIR    create the virtual environment DIR (python3-venv first, if needed)
#   setup-test-env.sh step NAME CMD...   run CMD quietly: one line when it succeeds, its full log when it fails
#
# The tests need Debian's Chromium (never a downloaded browser build) with a font, a Java runtime for
# the Nu HTML checker, and Node.js with npm for the tools in package.json.
set -euo pipefail

# step NAME COMMAND...: run COMMAND with its output in a log; on failure print the log and return 1.
step() {
    local name="$1"
    shift
    local log
    log="$(mktemp)"
    local started=$SECONDS
    if ! "$@" >"$log" 2>&1; then
        echo "setup: '$name' failed; its output follows:" >&2
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
    echo "setup: $name ($((SECONDS - started))s)"
}

# missing_packages: the Debian packages whose command or file is missing, in install order.
missing_packages() {
    local missing=()
    [[ -x "${ARCHIVE_SITE_CHROMIUM:-/usr/bin/chromium}" ]] || missing+=(chromium)
    [[ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ]] || missing+=(fonts-dejavu-core)
    command -v java >/dev/null || missing+=(default-jre-headless)
    command -v node >/dev/null || missing+=(nodejs)
    command -v npm >/dev/null || missing+=(npm)
    echo "${missing[*]}"
}

# install_hint PACKAGES...: the one line a user who is not root gets.
install_hint() {
    echo "setup: missing Debian packages $*; install them with: sudo apt-get install $*"
}

# apt_install PACKAGES...: as root, install PACKAGES without recommends; otherwise print the hint and fail.
apt_install() {
    if [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; then
        install_hint "$@" >&2
        exit 1
    fi
    export DEBIAN_FRONTEND=noninteractive
    step "apt-get update" apt-get update -qq
    step "apt-get install $*" apt-get install -y -qq --no-install-recommends "$@"
}

command="${1:-}"
shift || true
case "$command" in
    missing)
        missing_packages
        ;;
    check)
        read -r -a missing <<<"$(missing_packages)"
        if ((${#missing[@]})) && { [[ "$(id -u)" != 0 ]] || ! command -v apt-get >/dev/null; }; then
            install_hint "${missing[@]}"
        fi
        ;;
    packages)
        read -r -a missing <<<"$(missing_packages)"
        if ((${#missing[@]})); then
            apt_install "${missing[@]}"
        fi
        ;;
    venv)
        python="$1" dir="$2"
        # Debian's python3 ships venv without ensurepip; python3-venv adds it.
        "$python" -c 'import ensurepip, venv' 2>/dev/null || apt_install python3-venv
        if ! step "create $dir ($("$python" --version 2>&1))" "$python" -m venv "$dir"; then
            rm -rf "$dir"
            exit 1
        fi
        ;;
    step)
        step "$@"
        ;;
    *)
        echo "usage: $0 missing|check|packages|venv PYTHON DIR|step NAME COMMAND..." >&2
        exit 2
        ;;
esac
