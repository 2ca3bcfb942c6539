#!/bin/sh
# Makes a throw-away certificate authority and certificates for the demo's `tls` profile:
# chip and dale (the Java nodes) and iex (a real iex joining over TLS), each valid for this
# host's name, localhost and 127.0.0.1, for one week. Also writes iex-dist.conf, the file for
# `iex --erl "-proto_dist inet_tls -ssl_dist_optfile ..."`. For demos only: the keys are not
# encrypted and the authority's key lies next to them.
#
# Usage: demo-app/tls/make-certs.sh [DIR]   (DIR defaults to demo-app/tls/certs)
set -eu

dir=${1:-$(dirname "$0")/certs}
host=$(hostname)
days=7
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
umask 077

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -keyout "$dir/ca.key" -out "$dir/ca.pem" -days "$days" -subj "/CN=nodemesh demo CA" 2>/dev/null

for node in chip dale iex; do
  printf 'basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\nsubjectAltName=DNS:%s,DNS:localhost,IP:127.0.0.1\n' \
    "$host" > "$dir/$node.ext"
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -keyout "$dir/$node.key" -out "$dir/$node.csr" -subj "/CN=$node" 2>/dev/null
  openssl x509 -req -in "$dir/$node.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" -CAcreateserial \
    -days "$days" -extfile "$dir/$node.ext" -out "$dir/$node.pem" 2>/dev/null
  rm "$dir/$node.csr" "$dir/$node.ext"
done

opts="{certfile,\"$dir/iex.pem\"},{keyfile,\"$dir/iex.key\"},{cacertfile,\"$dir/ca.pem\"},{verify,verify_peer}"
cat > "$dir/iex-dist.conf" <<CONF
[{server,[$opts,{fail_if_no_peer_cert,true}]},
 {client,[$opts]}].
CONF

echo "certificates for chip, dale and iex (host $host) in $dir"
