#!/usr/bin/env bash
# Test set-up for a fresh machine: the browser tests drive Debian's Chromium.
# Installs it when missing and possible (root + apt-get); otherwise the browser tests say why they skip.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "tests: installing chromium (apt-get) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 ||
    echo "tests: could not install chromium; browser tests will be skipped"
fi
exit 0
