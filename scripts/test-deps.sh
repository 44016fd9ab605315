#!/usr/bin/env bash
# Installs what the test suite needs from Debian's packages, only when missing.
set -euo pipefail
need=()
for pkg in tmux:tmux zsh:zsh fish:fish rg:ripgrep hyperfine:hyperfine; do
  bin=${pkg%%:*}; deb=${pkg##*:}
  command -v "$bin" >/dev/null 2>&1 || need+=("$deb")
done
# `systemd-analyze verify` of `ward daemon install-unit`'s units; python3 plays
# systemd handing the daemon its socket (the socket-activation test).
command -v systemd-analyze >/dev/null 2>&1 || need+=(systemd)
command -v python3 >/dev/null 2>&1 || need+=(python3)
command -v valgrind >/dev/null 2>&1 || need+=(valgrind)  # scripts/icount.sh, the CI gate
if [ ${#need[@]} -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 \
    || echo "test-deps: could not install ${need[*]}; tests that need them will say so" >&2
fi
# Issue 16: the syslog shipping test runs a real rsyslog (in /usr/sbin, often not on a user's PATH).
if ! command -v rsyslogd >/dev/null 2>&1 && [ ! -x /usr/sbin/rsyslogd ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog >/dev/null 2>&1 \
    || echo "test-deps: could not install rsyslog; the syslog shipping test will say so" >&2
fi
# Issue 16: ward-serve's TLS test makes a self-signed certificate with openssl.
if ! command -v openssl >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openssl >/dev/null 2>&1 \
    || echo "test-deps: could not install openssl; the TLS test will say so" >&2
fi
# Issue 16: shipping to tls:// is tested against rsyslog's TLS driver (gtls).
if ! ls /usr/lib/*/rsyslog/lmnsd_gtls.so /usr/lib/rsyslog/lmnsd_gtls.so >/dev/null 2>&1; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq >/dev/null 2>&1 || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends rsyslog-gnutls >/dev/null 2>&1 \
    || echo "test-deps: could not install rsyslog-gnutls; the TLS shipping test will say so" >&2
fi
