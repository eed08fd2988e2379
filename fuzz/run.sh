#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds each (default 60), starting from its seeds
# (seeds/<target>/), its regression inputs (regressions/<target>/) and the corpus of earlier
# runs (corpus/<target>/, not committed).
# Fails if any target fails, naming it; the input it failed on is under artifacts/<target>/
# (keep it as a regression: copy it to regressions/<target>/ with a telling name).
#
# Usage: fuzz/run.sh [SECONDS]. Needs cargo-fuzz on PATH (`cargo install cargo-fuzz --locked`);
# runs on the stable compiler (RUSTC_BOOTSTRAP=1 lets cargo-fuzz use its nightly flags).
set -uo pipefail
cd "$(dirname "$0")"
seconds=${1:-60}
[[ $seconds =~ ^[0-9]+$ ]] || { echo "usage: $0 [SECONDS]" >&2; exit 2; }
command -v cargo-fuzz >/dev/null || {
    echo "$0 needs cargo-fuzz: cargo install cargo-fuzz --locked" >&2
    exit 1
}
export RUSTC_BOOTSTRAP=1

# The longest input each target is given: enough for deep nesting and long operation
# sequences, small enough to keep thousands of runs a second.
max_len() {
    case $1 in
        json_roundtrip | msgpack_decode) echo 16384 ;;
        *) echo 4096 ;;
    esac
}

targets=$(cargo fuzz list) || exit 1
# Build everything first, so that each target gets its SECONDS for fuzzing.
cargo fuzz build || exit 1

failed=()
for target in $targets; do
    printf '\n==> fuzzing %s for %ss\n' "$target" "$seconds"
    mkdir -p "corpus/$target"
    inputs=("corpus/$target" "seeds/$target")
    [[ -d regressions/$target ]] && inputs+=("regressions/$target")
    if ! cargo fuzz run "$target" "${inputs[@]}" -- \
        -max_total_time="$seconds" -max_len="$(max_len "$target")" \
        -rss_limit_mb=2048 -timeout=10 -print_final_stats=1; then
        failed+=("$target")
    fi
done

if ((${#failed[@]})); then
    printf '\nfuzz targets that failed: %s (inputs under fuzz/artifacts/)\n' "${failed[*]}" >&2
    exit 1
fi
printf '\nall fuzz targets ran %ss without failing: %s\n' "$seconds" "${targets//$'\n'/ }"
