#!/bin/sh
# Installs Debian's chromium for the browser test (tests/browser/) when it
# is missing: the test drives it through playwright-core and never
# downloads a browser of its own.
set -e
command -v chromium >/dev/null 2>&1 && exit 0
echo "deeds: installing Debian's chromium for the browser test" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
