#!/usr/bin/env bash
# Years of history: the benchmark books (bench/run.sh writes them) copied into YEARS years —
# the earlier years as 2026's rows with their dates and ids moved, their last eight days'
# payments made in the next January (so each year ends with invoices open) — and the commands about the
# open year timed on them against 2026-only books: with nothing closed, then with every
# earlier year closed (its months, then the year, then January of 2026). Prints a Markdown
# table and the size of closes/. Not a test: CI does not run it.
#
#   bench/years.sh [YEARS] [DIR]      (default 3 years of /tmp/coopbooks-big)
set -euo pipefail
cd "$(dirname "$0")/.."
years=${1:-3}
base=${2:-/tmp/coopbooks-big}
many="$base-$years-years"
cargo build --release --quiet --bin coopbooks --example bigbooks
bin=${BIN:-target/release/coopbooks}
[ -f "$base/coop.toml" ] || target/release/examples/bigbooks "$base" 50000 1000000
rm -rf "$base/closes"
if [ ! -f "$many/coop.toml" ]; then
  first=$((2026 - years + 1))
  rm -rf "$many"
  mkdir -p "$many/contracts" "$many/payments" "$many/ledger"
  # Members who joined in 2024 joined before the first year (else the earlier years' work
  # would be work before joining); the others are copied as they are.
  cp -r "$base/members" "$many/"
  grep -rl '^joined = "2024-' "$many/members" | xargs -r sed -i "s/^joined = \"2024-/joined = \"$((first - 1))-/"
  # The bank opens before the first year's movements.
  sed "s/date = \"[0-9-]*\", balance/date = \"$((first - 1))-12-01\", balance/" \
    "$base/coop.toml" >"$many/coop.toml"
  for f in "$base"/contracts/*.csv "$base"/payments/*.csv "$base"/ledger/*.csv; do
    ln "$f" "$many/${f#"$base"/}"
  done
  for ((y = first; y < 2026; y++)); do
    for f in "$base"/contracts/2026-*.csv; do
      b=$(basename "$f")
      sed -e "1!s/^K/Y${y}K/" -e "s/2026-/${y}-/" "$f" >"$many/contracts/${y}${b#2026}"
    done
    # The payments of the year's last eight days come in the next January's first eight (in
    # a file of that year): every closed year leaves some 20,000 invoices open, as a real one
    # does.
    sed -e "1!s/^K/Y${y}K/" -e "s/,2026-/,${y}-/" "$base/payments/2026.csv" |
      awk -F, -v OFS=, -v y="$y" -v main="$many/payments/$y.csv" -v late="$many/payments/$((y + 1))-late.csv" '
        NR == 1 { print > main; print > late; next }
        substr($2, 6, 5) >= "12-24" { $2 = sprintf("%d-01-%02d", y + 1, substr($2, 9, 2) - 23); print > late; next }
        { print > main }'
    sed -e "s/^2026-/${y}-/" "$base/ledger/2026.csv" >"$many/ledger/$y.csv"
  done
fi
rm -rf "$many/closes"

timed() { /usr/bin/time -f "%e %M" -o /tmp/coopbooks-years.$$ "$@" >/dev/null 2>&1 || true; cat /tmp/coopbooks-years.$$; }
row() {
  local books=$1 label=$2
  local c f p
  read -r c ck < <(timed $bin --books "$books" check)
  read -r f fk < <(timed $bin --books "$books" funds)
  read -r p pk < <(timed $bin --books "$books" --format csv pay 2026-03)
  read -r k kk < <(timed $bin --books "$books" capital)
  read -r g gk < <(timed $bin --books "$books" --format json guarantee)
  read -r a ak < <(timed $bin --books "$books" check --all)
  # The peak of the reading commands (check --all reads everything, by design).
  local peak=0 kb
  for kb in "$ck" "$fk" "$pk" "$kk" "$gk"; do ((kb > peak)) && peak=$kb; done
  peak=$((peak / 1024))
  local size="-"
  if [ -d "$books/closes" ]; then
    # A month's close as written, and as git stores it (zlib, as gzip -6 within a few bytes).
    local m="$books/closes/$((2026 - years + 1))-06.toml"
    size="$(du -sh "$books/closes" | cut -f1); a month $(($(wc -c <"$m") / 1024)) KB, $(($(gzip -6 -c "$m" | wc -c) / 1024)) KB in git"
  fi
  printf '| %s | %s | %s | %s | %s | %s | %s | %d | %s |\n' "$label" "$c" "$a" "$f" "$p" "$k" "$g" "$peak" "$size"
}
printf '| books | `check` (s) | `check --all` (s) | `funds` (s) | `pay 2026-03` (s) | `capital` (s) | `guarantee` (s) | peak (MB) | `closes/` |\n'
printf '|---|---|---|---|---|---|---|---|---|\n'
row "$base" "2026 only"
row "$many" "$years years, nothing closed"
start=$(date +%s)
for ((y = 2026 - years + 1; y < 2026; y++)); do
  for m in 01 02 03 04 05 06 07 08 09 10 11 12; do
    $bin --books "$many" close "$y-$m" --date "$((y + 1))-01-15" >/dev/null
  done
  $bin --books "$many" close "$y" --date "$((y + 1))-01-31" >/dev/null
done
# January of the open year closed too, as a co-op would by March: the last year's close is
# then followed by another, and sealed.
$bin --books "$many" close 2026-01 --date 2026-02-15 >/dev/null
row "$many" "$years years, all but 2026 closed (and 2026-01)"
printf '\nclosing %d years took %d s\n' "$((years - 1))" "$(($(date +%s) - start))"
rm -f /tmp/coopbooks-years.$$
