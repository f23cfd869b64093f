#!/usr/bin/env bash
# The benchmark: every command on big books against the floor (examples/floor.rs, which only
# reads the files once). Builds release, writes the books if missing, runs each command and the
# floor alternately RUNS times, and prints the median wall time, the peak memory and the ratio
# to the floor's median. Closes are timed RUNS times too, what they wrote removed between runs.
# Not a test: CI does not run it.
#
#   bench/run.sh [DIR] [MEMBERS] [CONTRACTS]     (default /tmp/coopbooks-big 50000 1000000)
#   RUNS=5 bench/run.sh                          (default 3 runs of each)
#   BIN=/tmp/old/coopbooks bench/run.sh          (another build of coopbooks, for an A/B)
#   YEARS=10 bench/run.sh                         (then years of history: bench/years.sh 10)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/coopbooks-big}
members=${2:-50000}
contracts=${3:-1000000}
runs=${RUNS:-3}
cargo build --release --quiet --bin coopbooks --example bigbooks --example floor --example bigstatement
bin=${BIN:-target/release/coopbooks}   # BIN=other/coopbooks compares another build
if [ ! -f "$dir/coop.toml" ]; then
  echo "writing $members members and $contracts contracts to $dir" >&2
  target/release/examples/bigbooks "$dir" "$members" "$contracts"
fi
rm -rf "$dir/closes"
month=2026-03
member=$(ls "$dir/members" | sed -n 43p); member=${member%.toml}

# One timed run: prints "seconds kilobytes".
timed() { /usr/bin/time -f "%e %M" -o /tmp/coopbooks-bench.$$ "$@" >/dev/null 2>&1 || true; cat /tmp/coopbooks-bench.$$; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# name|command; the floor runs before each command.
commands=(
  "check|$bin --books $dir check"
  "--format csv pay $month|$bin --books $dir --format csv pay $month"
  "pay $month (table)|$bin --books $dir pay $month"
  "--format json member $member|$bin --books $dir --format json member $member"
  "funds|$bin --books $dir funds"
  "--format json guarantee|$bin --books $dir --format json guarantee"
  "patronage 2026|$bin --books $dir patronage 2026"
  "capital|$bin --books $dir capital"
  "export hledger --period 2026|$bin --books $dir export hledger --period 2026"
  "export beancount --period 2026|$bin --books $dir export beancount --period 2026"
  "report 2026|$bin --books $dir report 2026 --force --out /tmp/coopbooks-bench-report.html"
  "guarantee --stress --at 2026-06-15 (10,000 runs)|$bin --books $dir guarantee --stress --at 2026-06-15"
)
floors=()
checks=()
declare -A medians
# One row: RUNS runs of a command, each after the floor; "before" (if given) is run before
# each run of the command, untimed (to undo what the command wrote).
row() {
  local name=$1 cmd=$2 before=${3:-}
  local walls=() peak=0 fw w kb
  for _ in $(seq "$runs"); do
    [ -n "$before" ] && eval "$before"
    read -r fw _ < <(timed target/release/examples/floor "$dir"); floors+=("$fw")
    read -r w kb < <(timed $cmd); walls+=("$w")
    [ "$name" = check ] && checks+=("$w")
    [ "$kb" -gt "$peak" ] && peak=$kb
  done
  local wall floor
  wall=$(printf '%s\n' "${walls[@]}" | median)
  floor=$(printf '%s\n' "${floors[@]}" | median)
  medians[$name]=$wall
  printf '| `%s` | %s | %.1f | %d |\n' "$name" "$wall" "$(echo "$wall / $floor" | bc -l)" $((peak / 1024))
}
printf '| command | wall (s) | x floor | peak (MB) |\n|---|---|---|---|\n'
for entry in "${commands[@]}"; do
  row "${entry%%|*}" "${entry#*|}"
done
# Importing a bank statement of 100,000 lines with 50 bank rules: a copy of the books without
# the last 90,000 payments (examples/bigstatement.rs writes them as the statement, with 10,000
# debits to suppliers that only the last rule matches), the payments and ledger put back
# before each run.
imp="$dir-import"
if [ ! -f "$imp/bank/rules.toml" ]; then
  rm -rf "$imp" && cp -r "$dir" "$imp"
  target/release/examples/bigstatement "$imp" 100000 "$imp/statement.xml" --rules
  cp "$imp/payments/2026.csv" "$imp/payments-before-import.csv"
  cp "$imp/ledger/2026.csv" "$imp/ledger-before-import.csv"
fi
row "import camt053 (100,000 lines, 50 rules)" "$bin --books $imp import camt053 $imp/statement.xml" \
  "cp $imp/payments-before-import.csv $imp/payments/2026.csv; cp $imp/ledger-before-import.csv $imp/ledger/2026.csv; rm -f $imp/bank/statements.csv"
# Closing months: the first with none closed before, then the rest, then the twelfth with
# eleven closed before (its file removed before each run), then check, pay and the year with
# all twelve closed.
row "close 2026-01 (0 closed before)" "$bin --books $dir close 2026-01" "rm -rf $dir/closes"
for m in 01 02 03 04 05 06 07 08 09 10 11; do $bin --books "$dir" close 2026-$m >/dev/null 2>&1 || true; done
row "close 2026-12 (11 closed before)" "$bin --books $dir close 2026-12" "rm -f $dir/closes/2026-12.toml"
row "check, 12 months closed" "$bin --books $dir check"
row "--format csv pay $month, 12 months closed" "$bin --books $dir --format csv pay $month"
row "close 2026 (the year)" "$bin --books $dir close 2026" "rm -f $dir/closes/2026.toml"
rm -rf "$dir/closes"
# Invoices: a month's documents, an e-invoice and a PDF per contract (a single run: it writes
# 166,000 files), on the same books with the example co-op's invoicing (a [seller], [vat], a
# record per client).
inv="$dir-invoicing"
[ -f "$inv/coop.toml" ] || target/release/examples/bigbooks "$inv" "$members" "$contracts" --invoicing >/dev/null
docs=$(mktemp -d)
floor=$(printf '%s\n' "${floors[@]}" | median)
read -r w kb < <(timed $bin --books "$inv" invoices $month --out "$docs/out")
printf '| `invoices %s` (%d files, %s) | %s | %.1f | %d |\n' "$month" "$(ls "$docs/out" | wc -l)" "$(du -sh "$docs/out" | cut -f1)" "$w" "$(echo "$w / $floor" | bc -l)" $((kb / 1024))
rm -rf "$docs"
# Payslips: one PDF per member paid in the month, every file synced (a single run: it writes
# 40,000 files).
slips=$(mktemp -d)
floor=$(printf '%s\n' "${floors[@]}" | median)
read -r w kb < <(timed $bin --books "$dir" payslips $month --out "$slips")
printf '| `payslips %s` (%d PDFs) | %s | %.1f | %d |\n' "$month" "$(ls "$slips" | wc -l)" "$w" "$(echo "$w / $floor" | bc -l)" $((kb / 1024))
rm -rf "$slips"
# Growth: the same shape at a tenth of the size should take at most a tenth of the time.
small="$dir-tenth"
[ -f "$small/coop.toml" ] || target/release/examples/bigbooks "$small" $((members / 10)) $((contracts / 10)) >/dev/null
smalls=()
for _ in $(seq "$runs"); do read -r w _ < <(timed $bin --books "$small" check); smalls+=("$w"); done
small_check=$(printf '%s\n' "${smalls[@]}" | median)
big_check=$(printf '%s\n' "${checks[@]}" | median)
printf '| `check` at a tenth of the size | %s | %.1f× faster | |\n' "$small_check" "$(echo "$big_check / $small_check" | bc -l)"
rm -f /tmp/coopbooks-bench.$$
printf '\nfloor (reading the files once): median %s s\n' "$floor"
printf 'import ÷ check: %.1f\n' "$(echo "${medians["import camt053 (100,000 lines, 50 rules)"]} / ${medians[check]}" | bc -l)"
for tool in hledger beancount; do
  printf 'export %s ÷ check: %.1f\n' "$tool" \
    "$(echo "${medians["export $tool --period 2026"]} / ${medians[check]}" | bc -l)"
done
printf 'report 2026 ÷ check: %.1f\n' "$(echo "${medians["report 2026"]} / ${medians[check]}" | bc -l)"
# Years of history (bench/years.sh): the books copied into YEARS years, all but the last closed.
if [ -n "${YEARS:-}" ]; then
  printf '\n'
  bench/years.sh "$YEARS" "$dir"
fi
