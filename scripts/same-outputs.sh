#!/usr/bin/env bash
# Compares every output of two builds of coopbooks, byte for byte: every report in every
# format, the journals, payslips (text and PDF), the payouts file and every close file, on the
# example books and on generated books, before and after closing every month and the year.
# For a change that must not change what coopbooks writes (a refactoring): run it with the
# build before the change and the build after.
#
#   scripts/same-outputs.sh OLD_BINARY NEW_BINARY [MEMBERS CONTRACTS]   (default 400 8000)
#
# Exit 0 when every output is the same; else the differing files are listed (exit 1).
set -euo pipefail
cd "$(dirname "$0")/.."
old=$(realpath "$1") new=$(realpath "$2")
members=${3:-400} contracts=${4:-8000}
cargo build --release --quiet --example bigbooks
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$old" init "$work/atelier" >/dev/null
target/release/examples/bigbooks "$work/generated" "$members" "$contracts" >/dev/null 2>&1

# Every output of one build on one copy of the books, into OUT: NAME.out, NAME.err, NAME.rc.
outputs() {
  local bin=$1 books=$2 out=$3 tag=$4
  mkdir -p "$out"
  run() {
    local name=$1; shift
    set +e
    NO_COLOR=1 "$bin" --books "$books" --quiet "$@" >"$out/$tag-$name.out" 2>"$out/$tag-$name.err"
    echo $? >"$out/$tag-$name.rc"
    set -e
    sed -i "s|$books|BOOKS|g; s|$out|OUT|g" "$out/$tag-$name.out" "$out/$tag-$name.err"
  }
  local months years ids
  months=$(ls "$books/contracts" | sed -n 's/^\([0-9]\{4\}-[0-9][0-9]\)\.csv$/\1/p' | sort)
  years=$(printf '%s\n' $months | cut -c1-4 | sort -u)
  ids=$(ls "$books/members" | sed 's/\.toml$//' | sort | sed -n '1p;7p;42p')
  run check check
  for f in table csv json; do
    for m in $months; do run "pay-$m-$f" --format "$f" pay "$m"; run "pay-$m-$f-wide" --format "$f" --wide pay "$m"; done
    for y in $years; do
      run "patronage-$y-$f" --format "$f" patronage "$y"
      run "funds-$y-$f" --format "$f" funds --period "$y"
      for id in $ids; do run "member-$id-$y-$f" --format "$f" member "$id" --period "$y"; done
    done
    run "funds-$f" --format "$f" funds
    run "guarantee-$f" --format "$f" guarantee
    run "capital-$f" --format "$f" capital
  done
  for y in $years; do
    run "hledger-$y" export hledger --period "$y"
    run "beancount-$y" export beancount --period "$y"
  done
  local m
  m=$(printf '%s\n' $months | tail -n1)
  run "payouts-$m" payouts "$m" --date "${m}-28" --out "$out/$tag-payouts-$m.xml" --force
  sed -i 's|<CreDtTm>[^<]*</CreDtTm>|<CreDtTm/>|' "$out/$tag-payouts-$m.xml" 2>/dev/null || true
  for as in txt pdf; do
    run "payslips-$m-$as" payslips "$m" --as "$as" --out "$out/$tag-payslips-$m-$as" --force
  done
}

status=0
for books in atelier generated; do
  for build in old new; do
    bin=$old; [ $build = new ] && bin=$new
    copy="$work/$build-$books"
    cp -r "$work/$books" "$copy"
    outputs "$bin" "$copy" "$work/out-$build/$books" open
    # Close every month in order, then every year, on the same date; then everything again.
    for month in $( (ls "$copy/contracts" "$copy/payments" "$copy/ledger" 2>/dev/null) \
        | sed -n 's/^\([0-9]\{4\}\)-\([0-9][0-9]\)\.csv$/\1-\2/p' | sort -u); do
      NO_COLOR=1 "$bin" --books "$copy" --quiet close "$month" --date 2027-01-15 >/dev/null 2>&1 || true
    done
    for year in $(ls "$copy/contracts" | cut -c1-4 | sort -u); do
      NO_COLOR=1 "$bin" --books "$copy" --quiet close "$year" --date 2027-01-15 >/dev/null 2>&1 || true
    done
    cp -r "$copy/closes" "$work/out-$build/$books/closes" 2>/dev/null || true
    outputs "$bin" "$copy" "$work/out-$build/$books" closed
  done
done
if diff -r -q "$work/out-old" "$work/out-new"; then
  echo "the same: $(find "$work/out-new" -type f | wc -l) outputs of each build"
else
  status=1
fi
exit $status
