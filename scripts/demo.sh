#!/usr/bin/env bash
# The main job: the whole healthpass story, end to end, on this machine.
# Today: a venue registry key, two signed venue posters rendered to PNG, a citizen who checks
# in by reading the posters back from the images, checks out, and reads the visit history.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --locked -p healthpass-cli
hp="$PWD/target/release/healthpass"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

say "The venue registry creates its Ed25519 signing key"
"$hp" registry keygen --out-dir .

say "Two operators register their venues and print signed posters (PNG and SVG)"
"$hp" venue create --key registry.key --name "Mal Bekasi Raya" --address "Jl. Ahmad Yani No. 1, Bekasi" \
  --category mall --stay 120 --valid-from 2026-11-01T00:00:00Z --out mall.png
"$hp" venue create --key registry.key --name "Kantor Kecamatan Klojen" --address "Jl. Merdeka Utara 2, Malang" \
  --category government_office --stay 45 --valid-from 2026-11-01T00:00:00Z --out office.png
"$hp" venue create --key registry.key --name "Kantor Kecamatan Klojen" --address "Jl. Merdeka Utara 2, Malang" \
  --category government_office --stay 45 --valid-from 2026-11-01T00:00:00Z --out office.svg >/dev/null
ls -l mall.png office.png office.svg

say "A citizen's phone reads the mall poster from its photo and checks in (10:00)"
"$hp" --db citizen.db checkin mall.png --registry registry.pub --at 2026-11-23T10:00:00+07:00

say "The same citizen checks in at the government office (11:00): the mall visit closes then"
"$hp" --db citizen.db checkin office.png --registry registry.pub --at 2026-11-23T11:00:00+07:00

say "Scanning the office poster again on the way out checks out (11:25)"
"$hp" --db citizen.db checkin office.png --registry registry.pub --at 2026-11-23T11:25:00+07:00

say "Back at the mall at 15:00, leaving without checking out: the default stay closes the visit"
"$hp" --db citizen.db checkin mall.png --registry registry.pub --at 2026-11-23T15:00:00+07:00

say "A forged poster (one byte of the name changed) is refused and nothing is written"
url=$("$hp" --json venue create --key registry.key --name "Toko Asli" --address "Jl. 1" --valid-from 2026-11-01T00:00:00Z --out genuine.png \
  | sed -E 's/.*"url":"([^"]+)".*/\1/')
forged=$(python3 -c 'import base64,sys; u=sys.argv[1]; b,f=u.split("#"); p=bytearray(base64.urlsafe_b64decode(f+"="*(-len(f)%4))); p[61]^=1; print(b+"#"+base64.urlsafe_b64encode(bytes(p)).decode().rstrip("="))' "$url")
if "$hp" --db citizen.db checkin --text "$forged" --registry registry.pub --at 2026-11-23T16:00:00+07:00; then
  echo "a forged poster was accepted" >&2; exit 1
fi

say "Visit history at 18:00, newest first"
"$hp" --db citizen.db history --at 2026-11-23T18:00:00+07:00

say "The same history as JSON for scripts, and as CSV for the citizen's own records"
"$hp" --db citizen.db --json history --at 2026-11-23T18:00:00+07:00
"$hp" --db citizen.db export --at 2026-11-23T18:00:00+07:00
