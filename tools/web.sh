#!/bin/sh
# Prepares the page `deeds serve` shows: installs web/package.json's pinned
# packages (uPlot for the charts, playwright-core for the browser test) with
# `npm ci` into $B/web-deps when they are missing or the lock file changed,
# and copies uPlot's dist files into web/vendor/, where the server serves
# them.  Both are build output (.gitignore); the page never loads anything
# from another host.
set -e
B=${B:-build}
deps=$B/web-deps
if ! cmp -s web/package-lock.json "$deps/package-lock.json" || [ ! -d "$deps/node_modules/uplot" ]; then
    if ! command -v npm >/dev/null; then   # Debian 12 ships npm apart from nodejs
        echo "deeds: installing Debian's npm for the page's packages" >&2
        sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends npm >/dev/null ||
            { echo "deeds: npm is needed to install the page's packages (apt-get install npm)" >&2; exit 1; }
    fi
    mkdir -p "$deps"
    cp web/package.json web/package-lock.json "$deps/"
    (cd "$deps" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi
mkdir -p web/vendor
for f in uPlot.iife.min.js uPlot.min.css; do
    cmp -s "$deps/node_modules/uplot/dist/$f" "web/vendor/$f" || cp "$deps/node_modules/uplot/dist/$f" web/vendor/
done
