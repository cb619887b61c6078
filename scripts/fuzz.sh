#!/usr/bin/env bash
# Fuzzes jdx with cargo-fuzz (libFuzzer).
#
#   scripts/fuzz.sh [SECONDS] [TARGET…]      (from anywhere in the repository)
#
# Runs each target (default: all of analyze, rules, html) for SECONDS seconds
# (default 60), one after the other, and prints each run's executions, speed
# and coverage. The targets are in fuzz/fuzz_targets/:
#
#   analyze  arbitrary bytes as a posting (text or HTML): scan, score, rewrite,
#            translate, rendered to text, JSON, NDJSON and Markdown
#   rules    arbitrary TOML as a rule pack folder, loaded with RuleSet::load
#   html     arbitrary bytes through jdx::html::to_text and its offset map
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a C++ compiler. A nightly
# toolchain is used when rustup has one, else the stable one with
# RUSTC_BOOTSTRAP=1 (cargo-fuzz needs -Z flags). Seeds come from corpus/,
# rules/ and examples/; the growing corpus stays in fuzz/corpus/TARGET and
# crash inputs in fuzz/artifacts/TARGET (both ignored by git). Replay a crash
# with `cargo fuzz run TARGET fuzz/artifacts/TARGET/crash-…`, then keep it as a
# test in tests/regressions.rs.
#
# Environment: JDX_FUZZ_JOBS (parallel jobs per target, default 1),
# JDX_FUZZ_SANITIZER (cargo fuzz's --sanitizer: address, the default, or none:
# jdx has no unsafe code, and without AddressSanitizer runs are several times
# faster),
# JDX_FUZZ_ARGS (extra libFuzzer flags).
# Exit status: 0 when no target crashed, 1 otherwise.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

seconds=${1:-60}
shift || true
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=(analyze rules html)
jobs=${JDX_FUZZ_JOBS:-1}
sanitizer=${JDX_FUZZ_SANITIZER:-address}

command -v cargo-fuzz >/dev/null || { echo "error: cargo-fuzz is not installed (cargo install cargo-fuzz)" >&2; exit 2; }
if rustup toolchain list 2>/dev/null | grep -q '^nightly'; then
    fuzz=(cargo +nightly fuzz)
else
    export RUSTC_BOOTSTRAP=1
    fuzz=(cargo fuzz)
fi

# Seeds: the first byte of an analyze/rules input is a flags byte (see the targets).
seed() {
    local target=$1 dir=fuzz/corpus/$1 n=0 f
    mkdir -p "$dir"
    [[ -z $(ls -A "$dir") ]] || return 0
    shopt -s nullglob globstar
    case $target in
    analyze)
        for f in corpus/*.txt corpus/*.md corpus/*.html examples/rule-pack/tests/*.txt; do
            n=$((n + 1))
            { printf '\x00'; cat "$f"; } >"$dir/seed-$n"
            n=$((n + 1))
            { printf '\x3f'; cat "$f"; } >"$dir/seed-$n"
        done
        # Suppression directives, for the paths that read them.
        printf '\x00We <!-- jdx-disable synergy -->leverage synergy<!-- jdx-enable -->.\n# jdx-disable-next-line\nA rockstar ninja.\n<!-- jdx-disable-next-line hype -- why -->\nDisruptive, fast-paced.\n' >"$dir/seed-directives"
        printf '\x01<p>Rockstar<!-- jdx-disable --> ninja <!-- jdx-enable ninja --> guru</p>' >"$dir/seed-directives-html" ;;
    rules)
        for f in rules/**/*.toml examples/rule-pack/**/*.toml tests/fixtures/**/*.toml; do
            n=$((n + 1))
            { printf '\x00'; cat "$f"; } >"$dir/seed-$n"
        done ;;
    html)
        for f in corpus/*.html corpus/*.md; do
            n=$((n + 1))
            cp "$f" "$dir/seed-$n"
        done ;;
    esac
}

failed=()
for target in "${targets[@]}"; do
    seed "$target"
    mkdir -p "fuzz/artifacts/$target"
    log=$(mktemp)
    echo "== $target: ${seconds}s" >&2
    status=0
    # shellcheck disable=SC2086
    "${fuzz[@]}" run --sanitizer "$sanitizer" --jobs "$jobs" "$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=4096 -max_len=16384 \
        -print_final_stats=1 ${JDX_FUZZ_ARGS:-} >"$log" 2>&1 || status=$?
    # The last status line: "#N DONE cov: … exec/s: …", and the final stats.
    grep -E '^#[0-9]+\s+(DONE|pulse)' "$log" | tail -1 >&2 || true
    grep -E '^stat::(number_of_executed_units|average_exec_per_sec|peak_rss_mb)' "$log" >&2 || true
    if [[ $status -ne 0 ]]; then
        failed+=("$target")
        grep -E 'panicked at|ERROR: libFuzzer|SUMMARY|Test unit written to' "$log" >&2 || tail -30 "$log" >&2
    fi
    rm -f "$log"
done

if [[ ${#failed[@]} -gt 0 ]]; then
    echo "crashed: ${failed[*]} (inputs in fuzz/artifacts/)" >&2
    exit 1
fi
echo "no crashes" >&2
