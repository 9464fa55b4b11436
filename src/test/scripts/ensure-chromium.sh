#!/usr/bin/env bash
# Browser tests drive Debian's Chromium through Debian's chromedriver, so that nothing is
# downloaded at test time. Install both when this machine does not have them yet.
set -euo pipefail
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Browser tests need Debian's chromium and chromium-driver: run 'sudo apt-get install -y chromium chromium-driver' once." >&2
  exit 1
fi
echo "Installing chromium and chromium-driver for the browser tests"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium chromium-driver >/dev/null
