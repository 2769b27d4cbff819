#!/usr/bin/env bash
# Steady-state instruction count of `vnplan extract -j1` (issue 6), for judging a change
# to a hot loop on a shared machine whose wall time moves ±10 % from run to run.
#
# Why instructions: `vnplan extract` is instruction-bound here (about 150 instructions and
# 70 cycles per input byte at 2.6 GHz, so about two instructions a cycle), and the count of the
# same binary on the same input is the same from run to run, while alternating wall-time
# runs of two binaries need dozens of pairs to see 2 %. A change that saves instructions
# in a loop can still lose time (a longer dependency chain, more mispredicted branches):
# confirm a win with `cargo bench --bench pipeline` or `scripts/archive-run.sh`.
#
# What it does:
#   1. builds a sample under $CARGO_TARGET_DIR/instructions/: corpus/*.txt and every
#      fifth file of ../shared/corpus-extra/{commune,segmented,tvpl} (sorted), 2.8 MB,
#      as one copy (one/) and as two (two/a, two/b);
#   2. runs the binary over each under callgrind (valgrind), `-j1`;
#   3. prints the instructions of one copy at steady state (two copies minus one: the
#      regex compilation, the first lazy-DFA states and the process start-up cancel out),
#      per input byte and by stage (inclusive).
#
# SHA-256 is listed apart: the CPU valgrind emulates has no SHA extensions, so the sha2
# crate falls back to its portable code, a quarter of the steady count, which the real machine
# (SHA-NI) runs in about 2 % of the time. The totals without it are the ones to compare.
#
# Usage: scripts/instructions.sh [BIN]      (default: builds and uses the release binary)
# Needs valgrind (`apt install valgrind`) and python3. Takes about a minute.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
target=${CARGO_TARGET_DIR:-$root/target}
command -v valgrind >/dev/null || { echo "$0: needs valgrind (apt install valgrind)" >&2; exit 2; }
command -v callgrind_annotate >/dev/null || { echo "$0: needs callgrind_annotate (comes with valgrind)" >&2; exit 2; }
extra=$root/../shared/corpus-extra
[ -d "$extra" ] || { echo "$0: $extra is missing (../shared beside the repository)" >&2; exit 2; }

if [ $# -ge 1 ]; then
    bin=$1
else
    (cd "$root" && cargo build --release --quiet)
    bin=$target/release/vnplan
fi
[ -x "$bin" ] || { echo "$0: $bin is not an executable" >&2; exit 2; }

dir=$target/instructions
rm -rf "$dir" && mkdir -p "$dir/one" "$dir/two/a" "$dir/two/b"
mapfile -t files < <(cd "$extra" && find commune segmented tvpl -type f \( -name '*.txt' -o -name '*.md' \) | LC_ALL=C sort | awk 'NR % 5 == 1')
for d in one two/a two/b; do
    cp "$root"/corpus/*.txt "$dir/$d/"
    for f in "${files[@]}"; do cp "$extra/$f" "$dir/$d/${f//\//_}"; done
done

for d in one two; do
    valgrind --tool=callgrind --callgrind-out-file="$dir/$d.callgrind" "$bin" extract -j1 --quiet "$dir/$d" >/dev/null 2>"$dir/$d.log" \
        || { echo "$0: callgrind run failed, see $dir/$d.log" >&2; exit 1; }
    callgrind_annotate --inclusive=yes --threshold=100 "$dir/$d.callgrind" >"$dir/$d.txt" 2>/dev/null
done

python3 - "$dir" "$(du -sb "$dir/one" | cut -f1)" "$(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo '?')" <<'EOF'
import re, sys
d, nbytes, commit = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def inclusive(name):
    costs, total = {}, 0
    for line in open(f"{d}/{name}.txt"):
        m = re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*?)\s*(\[.*\])?$", line)
        if not m:
            continue
        v = int(m.group(1).replace(",", ""))
        what = m.group(2)
        if what == "PROGRAM TOTALS":
            total = v
            continue
        fn = what.split(".rs:", 1)[1] if ".rs:" in what else what
        costs[fn] = max(costs.get(fn, 0), v)
    return costs, total

one, one_total = inclusive("one")
two, two_total = inclusive("two")
steady = lambda fn: two.get(fn, 0) - one.get(fn, 0)
sha = steady("vnplan::source::sha256_hex")
total = two_total - one_total
real = total - sha
print(f"commit {commit}: one copy = {nbytes / 1e6:.2f} MB, -j1")
print(f"  one pass (start-up included)     {one_total / 1e9:7.4f} G instructions")
print(f"  steady state, one copy           {total / 1e9:7.4f} G")
print(f"  of which SHA-256 (portable code) {sha / 1e9:7.4f} G")
print(f"  steady without SHA-256           {real / 1e9:7.4f} G = {real / nbytes:.0f} per input byte")
stages = [
    ("decode (without SHA-256)", "vnplan::source::Source::from_bytes_as", -sha),
    ("normalise", "vnplan::normalize::normalize", 0),
    ("segment", "vnplan::segment::segment", 0),
    ("extract", "vnplan::extract::extract", 0),
    ("JSON line", "vnplan::pipeline::Processed::record_line", 0),
]
print("  by stage, steady, without SHA-256:")
for label, fn, adjust in stages:
    v = steady(fn) + adjust
    print(f"    {label:26} {v / 1e6:8.1f} M  {100 * v / real:5.1f} %")
EOF
