#!/usr/bin/env bash
# Fuzzes one target with AFL++ and SharpFuzz for a given time, then reports what it found.
#   tests/TypedTools.Fuzz/fuzz.sh <parser|path|url> [seconds, default 600] [--merge]
# --merge adds the inputs that reached new coverage (minimised with afl-cmin) to corpus/<target>, which the
# test run replays. Crashing inputs are left in $FUZZ_OUT/<target>/findings/default/crashes: fix the bug, then
# copy the input into the corpus as a regression case.
set -euo pipefail
target=${1:?usage: fuzz.sh <parser|path|url> [seconds] [--merge]}
seconds=${2:-600}
merge=${3:-}
here=$(cd "$(dirname "$0")" && pwd)
root=${FUZZ_OUT:-$HOME/.cache/typedtools-fuzz} # afl-cmin refuses to work under /tmp
out=$root/$target
bin=$root/bin plain=$root/plain
export PATH="$PATH:$HOME/.dotnet/tools"

if ! command -v afl-fuzz >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq afl++ >/dev/null
fi
command -v sharpfuzz >/dev/null || dotnet tool install -g SharpFuzz.CommandLine --version 2.3.0 >/dev/null

rm -rf "$out" && mkdir -p "$out"
# FUZZ_NO_BUILD=1 reuses the last build (several targets in a row, or while the sources are being edited).
if [ "${FUZZ_NO_BUILD:-}" != 1 ] || [ ! -d "$bin" ]; then
  rm -rf "$bin" "$plain"
  dotnet publish "$here" -c Release -o "$bin" --nologo -v quiet
  # An uninstrumented copy replays inputs (instrumented code runs only inside the fuzzing loop).
  cp -r "$bin" "$plain"
  # The generated parsers live in TypedTools.Fuzz.Tools.dll, the readers and guards in TypedTools.dll.
  for dll in TypedTools.dll TypedTools.Fuzz.Tools.dll; do
    sharpfuzz "$bin/$dll"
  done
fi

# The program is a .NET host, not an AFL-compiled binary: skip AFL's instrumentation check.
export AFL_SKIP_BIN_CHECK=1 AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
dict=(); [ -f "$here/$target.dict" ] && dict=(-x "$here/$target.dict")
afl-fuzz -i "$here/corpus/$target" "${dict[@]}" -o "$out/findings" -V "$seconds" -t 10000 -m none -- "$bin/TypedTools.Fuzz" "$target" || true

stats="$out/findings/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|saved_crashes|saved_hangs|bitmap_cvg)' "$stats" || true
crashes=("$out"/findings/default/crashes/id:*)
if [ -e "${crashes[0]}" ]; then
  echo "Crashing inputs (replayed below):"
  "$plain/TypedTools.Fuzz" "$target" --replay "${crashes[@]}" || true
fi

if [ "$merge" = "--merge" ]; then
  AFL_PATH=/usr/lib/afl afl-cmin -i "$out/findings/default/queue" -o "$out/minimised" -t 10000 -m none -- "$bin/TypedTools.Fuzz" "$target" >/dev/null || true
  added=0
  for f in "$out"/minimised/*; do
    name="afl-$(sha1sum "$f" | cut -c1-16)"
    [ -e "$here/corpus/$target/$name" ] || { cp "$f" "$here/corpus/$target/$name"; added=$((added + 1)); }
  done
  echo "Added $added inputs to corpus/$target."
fi
