#!/usr/bin/env bash
# The portal in headless Chromium against the dev builds of `healthpass-server` and `healthpass` (build first:
# `cargo build --workspace`). Installs what is missing: Debian's chromium and poppler-utils
# (pdftoppm), playwright-core and axe-core from npm into $TOOLS (default target/tools; no
# browser download). Screenshots and accessibility.json land in $ARTIFACTS
# (default target/portal-artifacts). Takes well under a minute once installed.
set -euo pipefail
cd "$(dirname "$0")/../.."
TOOLS=${TOOLS:-$PWD/target/tools}
if ! command -v chromium >/dev/null || ! command -v pdftoppm >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium poppler-utils >/dev/null
fi
if [ ! -d "$TOOLS/node_modules/playwright-core" ] || [ ! -d "$TOOLS/node_modules/axe-core" ]; then
  npm install --silent --no-audit --no-fund --prefix "$TOOLS" playwright-core@1 axe-core
fi
export ARTIFACTS=${ARTIFACTS:-$PWD/target/portal-artifacts}
HEALTHPASS=${HEALTHPASS:-$PWD/target/debug/healthpass} NODE_PATH="$TOOLS/node_modules" node tests/portal/portal.test.js
