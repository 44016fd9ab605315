#!/usr/bin/env bash
# Builds the `ward scan` benchmark workload: real public code from the package registries,
# unpacked into one tree outside the repo (>= 20,000 files). Reproducible: pinned versions.
#   bash scripts/crypto-bench-workload.sh [DEST]     (default /tmp/ward-crypto-workload)
set -euo pipefail
DEST=${1:-/tmp/ward-crypto-workload}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
rm -rf "$DEST"
mkdir -p "$DEST"/{pypi,crates,npm,debian}

echo "== PyPI sdists (pip download --no-binary :all:)"
# --no-binary applies to the package itself only: its build backend (setuptools, maturin...)
# may come as a wheel, so pip can read the sdist's metadata without compiling the backend.
for pkg in paramiko==3.5.0 pycryptodome==3.21.0 pyOpenSSL==24.2.1 ecdsa==0.19.0 PyJWT==2.9.0 \
           pynacl==1.5.0 asn1crypto==1.5.1 Django==5.1.3 cryptography==43.0.3 rsa==4.9; do
  pip download -q --no-binary "${pkg%%==*}" --no-deps -d "$WORK/pypi" "$pkg" >/dev/null 2>&1 \
    || echo "   skipped $pkg (no sdist metadata)"
done
for f in "$WORK"/pypi/*; do
  case "$f" in
    *.tar.gz) tar -xzf "$f" -C "$DEST/pypi" ;;
    *.zip) (cd "$DEST/pypi" && unzip -q "$f") ;;
  esac
done

echo "== crates.io (cargo vendor)"
mkdir -p "$WORK/vend/src"
cat > "$WORK/vend/Cargo.toml" <<'TOML'
[package]
name = "ward-bench-vendor"
version = "0.0.0"
edition = "2021"
[dependencies]
rsa = "0.9"
ring = "0.17"
openssl = { version = "0.10", features = ["vendored"] }
rustls = "0.23"
p256 = "0.13"
k256 = "0.13"
ed25519-dalek = "2"
x25519-dalek = "2"
sha1 = "0.10"
md-5 = "0.10"
aes-gcm = "0.10"
des = "0.8"
aws-lc-sys = "0.24"
TOML
echo 'fn main() {}' > "$WORK/vend/src/main.rs"
(cd "$WORK/vend" && cargo vendor -q --versioned-dirs "$DEST/crates" >/dev/null)

echo "== npm (npm pack)"
(cd "$WORK" && npm pack -q node-forge@1.3.1 jsonwebtoken@9.0.2 jose@5.9.6 elliptic@6.6.1 crypto-js@4.2.0 \
   bn.js@5.2.1 tweetnacl@1.0.3 sshpk@1.18.0 @noble/curves@1.6.0 @noble/hashes@1.5.0 typescript@5.6.3 >/dev/null)
for f in "$WORK"/*.tgz; do
  d="$DEST/npm/$(basename "$f" .tgz)"
  mkdir -p "$d" && tar -xzf "$f" -C "$d"
done

echo "== Debian OpenSSL source (apt-get source, when deb-src is configured)"
if (cd "$DEST/debian" && apt-get source -q openssl >/dev/null 2>&1); then
  echo "   got openssl from deb-src"
else
  echo "   no deb-src: OpenSSL's source comes from the openssl-src crate above instead"
  rmdir "$DEST/debian"
fi

files=$(find "$DEST" -type f | wc -l)
bytes=$(du -sb "$DEST" | cut -f1)
echo "workload: $DEST  files=$files  bytes=$bytes"
if [ "$files" -lt 20000 ]; then
  echo "warning: fewer than 20,000 files" >&2
fi
