#!/usr/bin/env bash
# End-to-end timings of the release binary.
#
#   scripts/bench.sh            (from the repository root)
#
# Prints the scan throughput on a corpus of at least 100 MB (best of 3 after
# a warm-up run, pinned to one core with taskset when installed; every match
# written as NDJSON) and the time of one run on a single posting, start-up
# included (mean of 50 runs; hyperfine is used when installed, else a shell
# loop). Then `jdx score` on a folder of at least 100 MB of postings, on 1
# thread and on all cores (best of 3 each after a warm-up run, and the
# ratio), and the peak RSS of `jdx score --input-format ndjson` on a stream
# of 1 GB of NDJSON (with /usr/bin/time, when installed). The files it
# writes are flushed before they are timed.
#
# Environment: JDX_BENCH_MB (corpus size in MB, default 100),
# JDX_BENCH_RUNS (runs for the single posting, default 50),
# JDX_BENCH_POSTING (default corpus/machine-learning-engineer-fintech.md),
# JDX_BENCH_NO_HYPERFINE=1 (use the shell loop even if hyperfine is installed),
# JDX_BENCH_SCORE_MB (size of the folder for score, default JDX_BENCH_MB),
# JDX_BENCH_NDJSON_MB (size of the NDJSON stream, default 1000; 0 skips it).
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
# The files just written are flushed first, so that their write-back does not
# fall into the timed runs.
sync 2>/dev/null || true
big_mb=$(awk -v b="$big_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')

# Seconds (with fractions) since the epoch.
now() { date +%s.%N; }

# "On one core": pinned to the first CPU when taskset is there.
one_core=()
cores_note="one thread"
if command -v taskset >/dev/null; then
    one_core=(taskset -c 0)
    cores_note="one core"
fi

echo "scanning $big_mb MB, a warm-up and 3 runs..." >&2
"${one_core[@]}" "$jdx" scan --format ndjson "$tmp/big" >/dev/null || true
best=
for _ in 1 2 3; do
    start=$(now)
    status=0
    "${one_core[@]}" "$jdx" scan --format ndjson "$tmp/big" >/dev/null || status=$?
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
echo "scan throughput, $cores_note: $mbps MB/s ($big_mb MB, every match as NDJSON, best of 3, $(printf '%.2f' "$best") s)"

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

# --- score: a folder of postings, 1 thread and all cores --------------------
score_mb=${JDX_BENCH_SCORE_MB:-$target_mb}
ndjson_mb=${JDX_BENCH_NDJSON_MB:-1000}
cores=$(nproc 2>/dev/null || getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)

# The corpus postings copied into numbered folders until the target size.
one_pass=0
for f in "${sources[@]}"; do one_pass=$((one_pass + $(stat -c %s "$f"))); done
copies=$(((score_mb * 1000 * 1000 + one_pass - 1) / one_pass))
mkdir "$tmp/postings"
for ((i = 0; i < copies; i++)); do
    d=$(printf '%s/postings/%05d' "$tmp" "$i")
    mkdir "$d"
    cp "${sources[@]}" "$d/"
done
postings=$((copies * ${#sources[@]}))
sync 2>/dev/null || true
folder_bytes=$((copies * one_pass))
folder_mb=$(awk -v b="$folder_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')

# Best wall time of 3 runs of `jdx score` with the given arguments (after a
# warm-up run), in seconds.
best_score() {
    local best="" start end secs status
    "$jdx" score --format ndjson "$@" >/dev/null || true
    for _ in 1 2 3; do
        start=$(now)
        status=0
        "$jdx" score --format ndjson "$@" >/dev/null || status=$?
        end=$(now)
        if ((status > 1)); then
            echo "error: jdx score $* exited with $status" >&2
            exit 1
        fi
        secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.6f", e - s }')
        if [[ -z $best ]] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best=$secs
        fi
    done
    echo "$best"
}

echo "scoring $folder_mb MB in $postings postings, 1 thread and $cores, 3 runs each..." >&2
one=$(best_score --threads 1 "$tmp/postings")
all=$(best_score "$tmp/postings")
mbps_one=$(awk -v b="$folder_bytes" -v s="$one" 'BEGIN { printf "%.1f", b / 1e6 / s }')
mbps_all=$(awk -v b="$folder_bytes" -v s="$all" 'BEGIN { printf "%.1f", b / 1e6 / s }')
ratio=$(awk -v a="$one" -v b="$all" 'BEGIN { printf "%.2f", a / b }')
echo "score throughput, 1 thread: $mbps_one MB/s ($folder_mb MB, $postings postings, best of 3, $(printf '%.2f' "$one") s)"
echo "score throughput, all $cores cores: $mbps_all MB/s (best of 3, $(printf '%.2f' "$all") s)"
echo "score speed-up on $cores cores: ${ratio}x"

# --- score --input-format ndjson: peak memory on a long stream ---------------
if ((ndjson_mb == 0)); then
    echo "score ndjson stream: skipped (JDX_BENCH_NDJSON_MB=0)"
    exit 0
fi

# One NDJSON line per corpus posting, the text JSON-escaped by awk.
awk 'BEGIN { ORS = "" }
    FNR == 1 && NR > 1 { print "\"}\n" }
    FNR == 1 { print "{\"id\":\"" FILENAME "\",\"source\":\"bench\",\"description\":\"" }
    {
        gsub(/\\/, "&&"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
        print $0 "\\n"
    }
    END { print "\"}\n" }' "${sources[@]}" >"$tmp/chunk.ndjson"
"$jdx" score --input-format ndjson --format ndjson "$tmp/chunk.ndjson" >/dev/null ||
    { echo "error: the generated NDJSON does not score cleanly" >&2; exit 1; }
chunk_bytes=$(stat -c %s "$tmp/chunk.ndjson")
repeats=$(((ndjson_mb * 1000 * 1000 + chunk_bytes - 1) / chunk_bytes))
stream_bytes=$((repeats * chunk_bytes))
stream_mb=$(awk -v b="$stream_bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
lines=$((repeats * ${#sources[@]}))

stream() {
    local i
    for ((i = 0; i < repeats; i++)); do cat "$tmp/chunk.ndjson"; done
}

echo "scoring a $stream_mb MB NDJSON stream ($lines lines) from a pipe..." >&2
start=$(now)
if [[ -x /usr/bin/time ]]; then
    stream | /usr/bin/time -v -o "$tmp/time.txt" "$jdx" score --input-format ndjson --format ndjson >/dev/null
    end=$(now)
    rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$tmp/time.txt")
    rss=$(awk -v k="$rss_kb" 'BEGIN { printf "%.1f MB", k / 1024 }')
else
    stream | "$jdx" score --input-format ndjson --format ndjson >/dev/null
    end=$(now)
    rss="n/a (/usr/bin/time not installed)"
fi
secs=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }')
mbps=$(awk -v b="$stream_bytes" -v s="$secs" 'BEGIN { printf "%.1f", b / 1e6 / s }')
echo "score --input-format ndjson: $stream_mb MB in $secs s ($mbps MB/s, all cores), peak RSS $rss"
