#!/usr/bin/env bash
# Large inputs (issue 7, SPEC §6 and §7): time and peak memory of the release
# binary on
#
#   - a 1 GB posting file (the corpus postings, repeated):
#       jdx scan --format ndjson BIG > /dev/null      target: peak RSS < 3 × the file
#       jdx score BIG                                 target: peak RSS < 3 × the file
#   - a 1 GB NDJSON stream (one corpus posting per line):
#       jdx score --input-format ndjson --text-field description STREAM
#                                                     target: peak RSS < 200 MB
#   - a single 100 MB line (the postings joined by spaces):
#       jdx scan --format ndjson LINE, jdx score LINE, jdx translate --format json LINE,
#       jdx scan --format text LINE
#
#   scripts/stress.sh            (from anywhere in the repository)
#
# Each command runs under /usr/bin/time -v; the script prints its wall time,
# peak RSS and exit status, and whether the target holds. The inputs are made
# in a temporary folder (removed on exit; about 2.2 GB of disk).
#
# Environment: JDX_STRESS_MB (size of the big file and of the stream in MB,
# default 1000), JDX_STRESS_LINE_MB (size of the single line, default 100),
# JDX_STRESS_TIMEOUT (seconds each command may take, default 600).
# Exit status: 0 when every command succeeded and met its target, 1 otherwise.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

big_mb=${JDX_STRESS_MB:-1000}
line_mb=${JDX_STRESS_LINE_MB:-100}
target_dir=${CARGO_TARGET_DIR:-target}
jdx="$target_dir/release/jdx"

[[ -x /usr/bin/time ]] || { echo "error: /usr/bin/time is needed (apt-get install time)" >&2; exit 2; }
echo "building the release binary..." >&2
cargo build --release --quiet
[[ -x $jdx ]] || { echo "error: $jdx not found after the build" >&2; exit 2; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

shopt -s nullglob
sources=(corpus/*.txt corpus/*.md)
shopt -u nullglob
((${#sources[@]} > 0)) || { echo "error: no corpus/*.txt or corpus/*.md files" >&2; exit 2; }
# QUALITY.md describes the corpus; it is not a posting.
postings=()
for f in "${sources[@]}"; do [[ $f == corpus/QUALITY.md ]] || postings+=("$f"); done

size() { stat -c %s "$1"; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }

# Appends copies of $1 to $2 until $2 holds at least $3 bytes; $1 is first
# doubled to at least 16 MB (or $3) so that the loop is short.
grow() {
    local chunk=$1 out=$2 target=$3
    while (($(size "$chunk") < 16000000 && $(size "$chunk") < target)); do
        cat "$chunk" "$chunk" >"$chunk.2"
        mv "$chunk.2" "$chunk"
    done
    : >"$out"
    while (($(size "$out") < target)); do cat "$chunk" >>"$out"; done
}

echo "making a $big_mb MB posting file, a $big_mb MB NDJSON stream and a $line_mb MB line..." >&2

# The posting file: every posting, a blank line between them.
for f in "${postings[@]}"; do
    cat "$f"
    printf '\n\n'
done >"$tmp/chunk.txt"
grow "$tmp/chunk.txt" "$tmp/big.txt" $((big_mb * 1000 * 1000))

# The stream: one NDJSON line per posting, the text JSON-escaped by awk.
awk 'BEGIN { ORS = "" }
    FNR == 1 && NR > 1 { print "\"}\n" }
    FNR == 1 { n++; print "{\"id\":\"" n "\",\"source\":\"" FILENAME "\",\"description\":\"" }
    {
        gsub(/\\/, "&&"); gsub(/"/, "\\\""); gsub(/\t/, "\\t"); gsub(/\r/, "\\r")
        print $0 "\\n"
    }
    END { print "\"}\n" }' "${postings[@]}" >"$tmp/chunk.ndjson"
"$jdx" score --input-format ndjson --format ndjson "$tmp/chunk.ndjson" >/dev/null ||
    { echo "error: the generated NDJSON does not score cleanly" >&2; exit 2; }
grow "$tmp/chunk.ndjson" "$tmp/stream.ndjson" $((big_mb * 1000 * 1000))

# The line: the postings with every line break (CR too) a space, no final newline.
tr '\r\n' '  ' <"$tmp/chunk.txt" >"$tmp/chunk.line"
grow "$tmp/chunk.line" "$tmp/line.txt" $((line_mb * 1000 * 1000))
rm -f "$tmp"/chunk.*

big_bytes=$(size "$tmp/big.txt")
stream_bytes=$(size "$tmp/stream.ndjson")
line_bytes=$(size "$tmp/line.txt")
echo "inputs: big.txt $(mb "$big_bytes") MB, stream.ndjson $(mb "$stream_bytes") MB ($(wc -l <"$tmp/stream.ndjson") lines), line.txt $(mb "$line_bytes") MB in $(wc -l <"$tmp/line.txt") line breaks" >&2

failed=0

# measure LABEL LIMIT_BYTES SECONDS COMMAND…: runs COMMAND (standard output
# to /dev/null) under /usr/bin/time -v, stopping it after SECONDS, and prints
# one row; LIMIT_BYTES 0 means no memory target.
measure() {
    local label=$1 limit=$2 seconds=$3
    shift 3
    local status=0
    /usr/bin/time -v -o "$tmp/time" timeout "$seconds" "$@" >/dev/null 2>"$tmp/stderr" || status=$?
    local wall rss_kb verdict
    wall=$(awk -F': ' '/Elapsed \(wall clock\) time/ { print $2 }' "$tmp/time")
    rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tmp/time")
    # /usr/bin/time reports the command's status on its first line when it is not 0.
    if grep -q 'Command terminated by signal' "$tmp/time"; then
        status="signal $(awk '/terminated by signal/ { print $NF }' "$tmp/time")"
    fi
    if [[ $status == 124 ]]; then
        verdict="FAILED (stopped after ${seconds} s)"
        failed=1
    elif [[ $status != 0 && $status != 1 ]]; then
        verdict="FAILED (exit $status: $(head -c 300 "$tmp/stderr" | tr '\n' ' '))"
        failed=1
    elif ((limit > 0 && rss_kb * 1024 > limit)); then
        verdict="OVER the $(mb "$limit") MB target"
        failed=1
    elif ((limit > 0)); then
        verdict="ok (target < $(mb "$limit") MB)"
    else
        verdict="ok"
    fi
    printf '%-58s wall %9s  peak RSS %6s MB  exit %s  %s\n' \
        "$label" "$wall" "$(mb $((rss_kb * 1024)))" "$status" "$verdict"
}

t=${JDX_STRESS_TIMEOUT:-600}
big_limit=$((3 * big_bytes))
measure "scan --format ndjson BIG ($(mb "$big_bytes") MB)" "$big_limit" "$t" \
    "$jdx" scan --format ndjson "$tmp/big.txt"
measure "score BIG ($(mb "$big_bytes") MB)" "$big_limit" "$t" \
    "$jdx" score "$tmp/big.txt"
measure "score --input-format ndjson STREAM ($(mb "$stream_bytes") MB)" 200000000 "$t" \
    "$jdx" score --input-format ndjson --text-field description "$tmp/stream.ndjson"
measure "score --input-format ndjson < STREAM (standard input)" 200000000 "$t" \
    sh -c '"$0" score --input-format ndjson --text-field description <"$1"' "$jdx" "$tmp/stream.ndjson"
# The line has no memory target of its own: it must finish, in about the time
# the same bytes take in many lines.
measure "scan --format ndjson LINE ($(mb "$line_bytes") MB, one line)" 0 "$t" \
    "$jdx" scan --format ndjson "$tmp/line.txt"
measure "score LINE" 0 "$t" \
    "$jdx" score "$tmp/line.txt"
measure "translate --format json LINE" 0 "$t" \
    "$jdx" translate --format json "$tmp/line.txt"
# The text format quotes a bounded stretch of the line around each match, so
# its output grows with the matches, not with matches × line length.
measure "scan --format text LINE" 0 "$t" \
    "$jdx" scan --format text "$tmp/line.txt"

exit "$failed"
