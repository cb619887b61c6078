#!/usr/bin/env bash
# End-to-end timings of the release binary.
#
#   scripts/bench.sh            (from the repository root)
#
# Prints the scan throughput on a corpus of at least 100 MB (best of 3) and the
# time of one run on a single posting, start-up included (mean of 50 runs;
# hyperfine is used when installed, else a shell loop).
#
# Environment: JDX_BENCH_MB (corpus size in MB, default 100),
# JDX_BENCH_RUNS (runs for the single posting, default 50),
# JDX_BENCH_POSTING (default corpus/machine-learning-engineer-fintech.md),
# JDX_BENCH_NO_HYPERFINE=1 (use the shell loop even if hyperfine is installed).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

target_mb=${JDX_BENCH_MB:-100}
runs=${JDX_BENCH_RUNS:-50}
posting=${JDX_BENCH_POSTING:-corpus/machine-learning-engineer-fintech.md}
target_dir=${CARGO_TARGET_DIR:-target}
jdx="$target_dir/release/jdx"
use_hyperfine=false
if [[ -z ${JDX_BENCH_NO_HYPERFINE:-} ]] && command -v hyperfine >/dev/null; then use_hyperfine=true; fi

echo "building the release binary..." >&2
cargo build --release --quiet
[[ -x $jdx ]] || { echo "error: $jdx not found after the build" >&2; exit 1; }
[[ -f $posting ]] || { echo "error: $posting not found" >&2; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- the big corpus -----------------------------------------------------------
shopt -s nullglob
sources=(corpus/*.txt corpus/*.md)
shopt -u nullglob
((${#sources[@]} > 0)) || { echo "error: no corpus/*.txt or corpus/*.md files" >&2; exit 1; }

# One pass over the corpus (a blank line between postings), doubled into a
# chunk of at least 1 MB, then the chunk appended until the target size.
for f in "${sources[@]}"; do
    cat "$f"
    printf '\n\n'
done >"$tmp/chunk"
while (($(stat -c %s "$tmp/chunk") < 1000000)); do
    cat "$tmp/chunk" "$tmp/chunk" >"$tmp/chunk2"
    mv "$tmp/chunk2" "$tmp/chunk"
done
target_bytes=$((target_mb * 1000 * 1000))
: >"$tmp/big"
while (($(stat -c %s "$tmp/big") < target_bytes)); do
    cat "$tmp/chunk" >>"$tmp/big"
done
big_bytes=$(stat -c %s "$tmp/big")
big_mb=$(awk -v b="$big_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')

# Seconds (with fractions) since the epoch.
now() { date +%s.%N; }

echo "scanning $big_mb MB, 3 runs..." >&2
best=
for _ in 1 2 3; do
    start=$(now)
    status=0
    "$jdx" scan --format ndjson "$tmp/big" >/dev/null || status=$?
    end=$(now)
    # 0: success; 1: a --fail-over threshold exceeded; 2: failure.
    if ((status > 1)); then
        echo "error: jdx scan exited with $status" >&2
        exit 1
    fi
    secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')
    if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
        best=$secs
    fi
done
mbps=$(awk -v b="$big_bytes" -v s="$best" 'BEGIN { printf "%.1f", b / 1e6 / s }')
echo "scan throughput: $mbps MB/s ($big_mb MB, best of 3, $(printf '%.2f' "$best") s)"

# --- one posting, start-up included ----------------------------------------
posting_kb=$(awk -v b="$(stat -c %s "$posting")" 'BEGIN { printf "%.1f", b / 1000 }')

# Mean wall time of "$@" over $runs runs, in milliseconds (output discarded;
# the exit status is ignored: 1 means findings).
mean_ms() {
    if $use_hyperfine; then
        # -N (no intermediate shell) exists from hyperfine 1.13 on.
        local no_shell=()
        if hyperfine --help 2>/dev/null | grep -q -- '--shell'; then no_shell=(-N); fi
        hyperfine "${no_shell[@]}" --warmup 3 --runs "$runs" --ignore-failure --style none \
            --export-json "$tmp/hf.json" -- "$(printf '%q ' "$@")" >/dev/null 2>&1
        awk -F: '/"mean"/ { gsub(/[ ,]/, "", $2); printf "%.1f", $2 * 1000; exit }' "$tmp/hf.json"
    else
        local i start end
        for i in 1 2 3; do "$@" >/dev/null 2>&1 || true; done
        start=$(date +%s%N)
        for ((i = 0; i < runs; i++)); do "$@" >/dev/null 2>&1 || true; done
        end=$(date +%s%N)
        awk -v ns=$((end - start)) -v n="$runs" 'BEGIN { printf "%.1f", ns / n / 1e6 }'
    fi
}

if $use_hyperfine; then how="hyperfine, mean of $runs"; else how="shell loop, mean of $runs"; fi
echo "timing one posting ($how)..." >&2

status=0
"$jdx" scan "$posting" >/dev/null || status=$?
if ((status > 1)); then
    echo "error: jdx scan $posting exited with $status" >&2
    exit 1
fi
ms=$(mean_ms "$jdx" scan "$posting")
echo "single posting (scan, $posting_kb KB, start-up included): $ms ms"

if "$jdx" translate "$posting" >/dev/null 2>&1; then
    ms=$(mean_ms "$jdx" translate "$posting")
    echo "single posting (translate, $posting_kb KB, start-up included): $ms ms"
else
    echo "single posting (translate): skipped (jdx translate does not succeed on $posting)"
fi
