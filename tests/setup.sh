#!/usr/bin/env bash
# Test set-up for a fresh machine: the browser tests drive Debian's Chromium; the TLS tests use openssl.
# Installs it when missing and possible (root + apt-get); otherwise the browser tests say why they skip.
if [ ! -x /usr/bin/chromium ] && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "tests: installing chromium (apt-get) for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  (apt-get update -qq && apt-get install -y -qq chromium) >/dev/null 2>&1 ||
    echo "tests: could not install chromium; browser tests will be skipped"
fi
# The TLS tests make their certificates with openssl.
if ! command -v openssl >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "tests: installing openssl (apt-get) for the TLS tests"
  (apt-get update -qq && apt-get install -y -qq openssl) >/dev/null 2>&1 ||
    echo "tests: could not install openssl; the TLS tests will fail"
fi
exit 0
