#!/bin/sh
# make-test-ca.sh DIR: a throwaway certificate authority and a server certificate
# for 127.0.0.1, ::1, localhost and tokentray-api.test (a name that only the
# transport tests' proxy resolves, to 127.0.0.1), for HTTPS test runs of
# tokentray-fakeapi.
# Writes DIR/ca.pem, DIR/ca.key, DIR/server.pem, DIR/server.key. Nothing here is
# ever trusted outside the test that made it.
set -eu

if [ $# -ne 1 ]; then
    echo "usage: $0 DIR" >&2
    exit 2
fi
dir=$1
mkdir -p "$dir"
umask 077

command -v openssl >/dev/null 2>&1 || { echo "$0: openssl is required" >&2; exit 1; }

openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 2 \
    -subj "/CN=TokenTray Test CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -keyout "$dir/ca.key" -out "$dir/ca.pem" 2>/dev/null

openssl req -newkey rsa:2048 -nodes -sha256 \
    -subj "/CN=localhost" \
    -keyout "$dir/server.key" -out "$dir/server.csr" 2>/dev/null

cat > "$dir/server.ext" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost,DNS:tokentray-api.test
EXT

openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 2 -sha256 -extfile "$dir/server.ext" -out "$dir/server.pem" 2>/dev/null

rm -f "$dir/server.csr" "$dir/server.ext" "$dir/ca.srl"
# The CA certificate and server certificate are public; let any test user read them.
chmod 644 "$dir/ca.pem" "$dir/server.pem"
