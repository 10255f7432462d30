#!/bin/sh
# Installs the Debian packages deeds needs to build and test, when missing.
# Runs apt-get only if something is absent (root, or sudo when available).
set -e
need="gcc pkg-config libutf8proc-dev libcmocka-dev clang libclang-rt-14-dev time unzip iso-codes
      libsqlite3-dev sqlite3 libpq-dev postgresql libmicrohttpd-dev libcairo2-dev"
missing=""
for p in $need; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deeds: installing Debian packages:$missing" >&2
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq >/dev/null
$sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
