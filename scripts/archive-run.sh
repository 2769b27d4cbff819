#!/usr/bin/env bash
# Archive-scale run (issue 6): one command that
#   1. builds an input tree of about SIZE_MB megabytes (default 1000 = ~1 GB) by replicating
#      corpus/*.txt and ../shared/corpus-extra/{commune,segmented,tvpl} under distinct
#      directory names (rep0001/, rep0002/, …), copies by default, hard links with LINK=1;
#   2. builds vnplan in release mode;
#   3. times `vnplan baseline` (read + UTF-8 check + NFC quick check only) and
#      `vnplan extract` with -j1 and -j2 under /usr/bin/time -v, output to /dev/null;
#   4. prints a markdown table: input MB, files, wall s, MB/s, docs/s, peak RSS MB, plus
#      the core count, the commit and the vnplan/baseline ratio.
#
# Usage: scripts/archive-run.sh [SIZE_MB]        e.g. scripts/archive-run.sh 100 for a quick run
# Environment:
#   ARCHIVE_DIR       where the tree is built (default: $CARGO_TARGET_DIR or ./target, /archive-run)
#   CARGO_TARGET_DIR  cargo's build directory (default ./target)
#   LINK=1            hard-link the replicas instead of copying them (less disk, shared page cache)
#   KEEP=0            delete the tree afterwards (default: kept and reused by the next run)
#   COMMIT            the commit to print when the source tree is not a git checkout
#   RUNS              timed runs of each command (default 1), taken in turn (baseline -j1,
#                     -j2, extract -j1, -j2, then again): each figure is the median wall
#                     time, the peak RSS the largest; a shared machine moves single runs
#                     by ±10 %, and the line under the table gives each spread
#   PGO=1             also build the profile-guided binary (scripts/pgo-build.sh, about
#                     twice a release build) and time its extract -j1 and -j2 in the same
#                     turns, as rows of their own
# MB here is 10^6 bytes. The tree is reused when it exists with the same size and mode.
set -euo pipefail

size_mb=${1:-1000}
if ! [[ $size_mb =~ ^[0-9]+$ ]] || (( size_mb < 1 )); then
    echo "usage: $0 [SIZE_MB]  (a whole number of megabytes, default 1000)" >&2
    exit 2
fi
runs=${RUNS:-1}
if ! [[ $runs =~ ^[0-9]+$ ]] || (( runs < 1 )); then
    echo "$0: RUNS must be a whole number of runs, at least 1 (got '$runs')" >&2
    exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
extra="$root/../shared/corpus-extra"
target=${CARGO_TARGET_DIR:-$root/target}
work=${ARCHIVE_DIR:-$target/archive-run}
mode=$([[ ${LINK:-0} == 1 ]] && echo link || echo copy)
tree="$work/tree-${size_mb}MB-$mode"
[[ -x /usr/bin/time ]] || { echo "$0: /usr/bin/time (GNU time) is needed for peak RSS" >&2; exit 2; }
[[ -d $extra ]] || { echo "$0: $extra is missing (the shared corpus beside the repository)" >&2; exit 2; }

# --- 1. the input tree -------------------------------------------------------------------
# One replica: the five plans and the 550 corpus-extra documents, about 13.8 MB.
sources=("$root/corpus" "$extra/commune" "$extra/segmented" "$extra/tvpl")
replica_bytes=$(find "${sources[@]}" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.md' \) -printf '%s\n' | awk '{s += $1} END {print s}')
replicas=$(( (size_mb * 1000000 + replica_bytes - 1) / replica_bytes ))
stamp="$tree/.complete"
if [[ ! -f $stamp || $(cat "$stamp") != "$replicas" ]]; then
    echo "building $tree: $replicas replicas of $replica_bytes bytes ($mode)" >&2
    rm -rf "$tree"
    mkdir -p "$tree"
    for ((i = 1; i <= replicas; i++)); do
        rep=$(printf '%s/rep%04d' "$tree" "$i")
        for src in "${sources[@]}"; do
            dst="$rep/$(basename "$src")"
            mkdir -p "$dst"
            files=()
            while IFS= read -r -d '' f; do files+=("$f"); done \
                < <(find "$src" -maxdepth 1 -type f \( -name '*.txt' -o -name '*.md' \) -print0)
            if [[ $mode == link ]]; then
                ln "${files[@]}" "$dst/" 2>/dev/null || cp "${files[@]}" "$dst/"
            else
                cp "${files[@]}" "$dst/"
            fi
        done
    done
    echo "$replicas" > "$stamp"
fi
in_bytes=$(find "$tree" -type f \( -name '*.txt' -o -name '*.md' \) -printf '%s\n' | awk '{s += $1} END {print s}')
in_files=$(find "$tree" -type f \( -name '*.txt' -o -name '*.md' \) | wc -l)

# --- 2. the binary -----------------------------------------------------------------------
echo "building vnplan (release)" >&2
(cd "$root" && CARGO_TARGET_DIR=$target cargo build --release --quiet --bin vnplan)
bin="$target/release/vnplan"
pgo=${PGO:-0}
if [[ $pgo == 1 ]]; then
    echo "building vnplan with a profile (scripts/pgo-build.sh)" >&2
    pgo_bin=$("$root/scripts/pgo-build.sh")
fi

# --- 3. the runs -------------------------------------------------------------------------
log="$work/logs"
mkdir -p "$log"
# Warm the page cache so that every timed run reads the same way (from memory).
"$bin" baseline -j2 "$tree" > /dev/null

names=("baseline -j1" "baseline -j2" "vnplan extract -j1" "vnplan extract -j2")
if [[ $pgo == 1 ]]; then names+=("vnplan extract -j1 (PGO)" "vnplan extract -j2 (PGO)"); fi
declare -A walls peak
run() { # name, then the command: one timed run, its wall time and peak RSS kept
    local name=$1; shift
    local err="$log/$name.time"
    echo "running $name: $*" >&2
    local status=0
    /usr/bin/time -v "$@" > /dev/null 2> "$err" || status=$?
    if (( status > 1 )); then # extract exits 1 when some inputs got error records
        echo "$0: $name failed with status $status; see $err" >&2
        tail -5 "$err" >&2
        exit 1
    fi
    local wall rss
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {
        n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$err")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$err")
    walls[$name]="${walls[$name]:-} $wall"
    if (( rss > ${peak[$name]:-0} )); then peak[$name]=$rss; fi
}
for ((k = 1; k <= runs; k++)); do
    run "baseline -j1" "$bin" baseline -j1 "$tree"
    run "baseline -j2" "$bin" baseline -j2 "$tree"
    run "vnplan extract -j1" "$bin" extract -j1 "$tree"
    run "vnplan extract -j2" "$bin" extract -j2 "$tree"
    if [[ $pgo == 1 ]]; then
        run "vnplan extract -j1 (PGO)" "$pgo_bin" extract -j1 "$tree"
        run "vnplan extract -j2 (PGO)" "$pgo_bin" extract -j2 "$tree"
    fi
done

# The median of a list of wall times (the mean of the middle two for an even count), and
# their range.
median() { tr ' ' '\n' <<< "$1" | awk 'NF' | sort -g | awk '{v[NR] = $1} END {
    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2; print m }'; }
spread() { tr ' ' '\n' <<< "$1" | awk 'NF' | sort -g | awk '{v[NR] = $1} END { printf "%.2f–%.2f", v[1], v[NR] }'; }
rows=()
declare -A rate
for name in "${names[@]}"; do
    wall=$(median "${walls[$name]}")
    rate[$name]=$(awk -v b="$in_bytes" -v w="$wall" 'BEGIN {printf "%.2f", b / 1e6 / w}')
    rows+=("$(awk -v n="$name" -v b="$in_bytes" -v f="$in_files" -v w="$wall" -v r="${peak[$name]}" 'BEGIN {
        printf "| %s | %.0f | %d | %.2f | %.2f | %.0f | %.0f |", n, b / 1e6, f, w, b / 1e6 / w, f / w, r / 1024 }')")
done

# --- 4. the table ------------------------------------------------------------------------
# COMMIT names the source when it is not a git checkout (e.g. unpacked with `git archive`).
if commit=$(cd "$root" && git rev-parse --short HEAD 2>/dev/null); then
    if [[ -n $(cd "$root" && git status --porcelain --untracked-files=no 2>/dev/null) ]]; then
        commit="$commit (with uncommitted changes)"
    fi
else
    commit=${COMMIT:-unknown}
fi
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo 2>/dev/null || echo unknown)
echo
echo "Archive run: $(date -u +%Y-%m-%d), commit $commit, $(nproc) cores ($cpu), $(rustc --version | cut -d' ' -f1-2)"
echo "Input: $tree ($replicas replicas, $mode), page cache warm; output to /dev/null; $runs timed run(s) each."
echo
echo "| run | input MB | files | wall s | MB/s | docs/s | peak RSS MB |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
printf '%s\n' "${rows[@]}"
echo
awk -v b1="${rate[baseline -j1]}" -v v1="${rate[vnplan extract -j1]}" -v v2="${rate[vnplan extract -j2]}" -v cores="$(nproc)" 'BEGIN {
    printf "cores (nproc): %d; baseline/vnplan at -j1: %.1f×; vnplan -j2/-j1: %.2f×\n", cores, b1 / v1, v2 / v1 }'
if [[ $pgo == 1 ]]; then
    awk -v b1="${rate[baseline -j1]}" -v v1="${rate[vnplan extract -j1 (PGO)]}" -v v2="${rate[vnplan extract -j2 (PGO)]}" -v r1="${rate[vnplan extract -j1]}" 'BEGIN {
        printf "with PGO: baseline/vnplan at -j1: %.1f×; vnplan -j2/-j1: %.2f×; PGO/plain at -j1: %.2f×\n", b1 / v1, v2 / v1, v1 / r1 }'
fi
if (( runs > 1 )); then
    echo
    echo "Each row: median of $runs runs, taken in turn; peak RSS the largest. Wall time ranges (s):"
    for name in "${names[@]}"; do echo "- $name: $(spread "${walls[$name]}")"; done
fi

if [[ ${KEEP:-1} == 0 ]]; then
    rm -rf "$tree"
fi
