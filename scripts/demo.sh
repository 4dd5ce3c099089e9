#!/usr/bin/env bash
# The main job: the whole healthpass story, end to end, on this machine (loopback only).
# The reference server starts; an operator registers a mall and prints its poster; two citizens
# check in by reading the poster image; one is confirmed positive and uploads with the
# officer's one-time code; the officer publishes; the other syncs, is alerted, and turns black.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p healthpass-cli -p healthpass-server
hp="$PWD/target/release/healthpass"
hps="$PWD/target/release/healthpass-server"
repo=$PWD
work=$(mktemp -d)
server_pid=
cleanup() { [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
at() { date -u -d "@$(( start + $1 * 60 ))" +%Y-%m-%dT%H:%M:%SZ; }

say "The health office's offline machine holds the trust root; it signs the trust list (naming the server's exported issuer certificate) and the rules"
"$hps" export-issuer --data server --out exported
"$hps" trust-root --keys offline-root > root.pub
mkdir documents
"$hps" sign trust-list --keys offline-root --signer exported/*.der --out documents/trust-list.signed.json
"$hps" sign rules --keys offline-root --rules "$repo/core/rules/peduli-lindungi-2022.json" --out documents/rules.signed.json

say "The health office starts the reference server on them (SQLite under ./server, its own keys created on first start, no trust-root key)"
officer=$("$hps" add-officer "Dr. Sari" --data server | tail -n 1)
operator=$("$hps" add-operator "Pengelola Mal Olympic Garden" --data server | tail -n 1)
"$hps" run --data server --listen 127.0.0.1:0 --documents documents --trust-root root.pub > server.out 2> server.log &
server_pid=$!
for _ in $(seq 100); do grep -q '^listening on ' server.out && break; sleep 0.1; done
url=$(sed -n 's/^listening on //p' server.out)
echo "server at $url"

say "Phones pin the registry and warning-publisher public keys (shipped with the app; here from /v1/keys)"
mkdir keys
python3 - "$url" <<'PY'
import json, sys, urllib.request
keys = json.load(urllib.request.urlopen(sys.argv[1] + "/v1/keys"))
for kind in ("registry", "publisher", "trust_root"):
    open(f"keys/{kind}.pub", "w").write(keys[kind][0] + "\n")
PY
ls keys

# The story happened two days ago, from a whole hour on: a phone trusts only warnings whose
# visits ended before the hour that publishes them, and the officer publishes now.
start=$(( $(date +%s) - 2 * 86400 )); start=$(( start - start % 3600 ))

say "An operator's machine makes the poster's seed, registers only its commitment, and prints the poster"
"$hp" operator register-venue --server "$url" --token "$operator" --name "Mal Olympic Garden" \
  --address "Jl. Kawi 24, Malang" --category mall --stay 120 --valid-from "$(at -60)" \
  --poster mall.png --poster-text-out mall.poster
ls -l mall.png mall.poster
say "Ani's phone reads the poster photo and checks in at $(at 0); she leaves at $(at 90)"
"$hp" --db ani.db checkin mall.png --registry keys/registry.pub --at "$(at 0)"
"$hp" --db ani.db checkout --at "$(at 90)"

say "Budi checks in at $(at 30) and leaves at $(at 120)"
"$hp" --db budi.db checkin mall.png --registry keys/registry.pub --at "$(at 30)"
"$hp" --db budi.db checkout --at "$(at 120)"

say "Ani tests positive; the officer confirms the case, with the advice and infectious period bound to her one-time code"
code=$("$hp" officer confirm-case --advice isolate --infectious-from "$(at -60)" --infectious-until "$(at 1440)" \
  --server "$url" --token "$officer" | tail -n 1)
echo "upload code: $code"

say "Ani consents and uploads her visits as slot reports in one fixed-size submission"
"$hp" --db ani.db upload --server "$url" --code "$code"

say "Every phone sends dummy uploads of the same size on a random schedule; the server drops them unread"
"$hp" --db budi.db dummy-upload --server "$url" --now

say "The same code cannot be used twice"
if "$hp" --db ani.db upload --server "$url" --code "$code"; then
  echo "a used code was accepted" >&2; exit 1
fi

say "The officer reviews the upload, approves it and publishes the signed hour (with decoy submissions up to three)"
upload=$("$hp" --json officer review --server "$url" --token "$officer" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["pending"][0]["id"])')
"$hp" officer review --server "$url" --token "$officer" --approve "$upload"
"$hp" officer publish --server "$url" --token "$officer"

say "Budi's phone syncs: it verifies the bundle's signature and matches it locally"
"$hp" --db budi.db sync --server "$url" --publisher keys/publisher.pub
"$hp" --db budi.db alerts

say "Budi's status turns black: his certificate is valid, but he was a close contact"
"$hp" issuer keygen --valid-from 2026-01-01T00:00:00Z --out-dir issuer > /dev/null
"$hp" cert issue vaccination --key issuer/issuer.key --family-name Santoso --given-name Budi --dob 1985-11-02 \
  --dose 2 --doses 2 --date 2026-07-01 --out budi-cert.png > /dev/null
"$hp" --db budi.db wallet add budi-cert.png
"$hp" --db budi.db status --rules 2021 --dsc issuer/issuer-dsc.pem
"$hp" --db budi.db --json status --rules 2021 --dsc issuer/issuer-dsc.pem \
  | python3 -c 'import json,sys; s=json.load(sys.stdin)["statuses"][0]; assert s["colour"]=="black", s'

say "Ani's history, and nothing about Budi ever left his phone"
"$hp" --db ani.db history
