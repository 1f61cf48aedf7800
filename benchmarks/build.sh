#!/usr/bin/env bash
# Whole-build measurement (benchmarks/README.md): the 1,000-tool project of BuildBenchmarks as real projects built by
# `dotnet build` (MSBuild, the compiler, emit, copy), without TypedTools' generator, with it, and with it and the
# analyzers; interleaved rounds, medians of wall time and of the compiler's peak memory (no build server, so the
# compiler runs as a child process that /usr/bin/time can see). With --server the compiler server stays warm between
# builds instead (what an IDE or a developer's repeated builds get); its memory is then not the build's to report.
# A fourth project, "handwritten", compiles the generator's output as ordinary sources with no generator: the same
# code written by hand. Against it, the "generator" and "analyzers" rows show what running TypedTools itself adds.
# "analyzers" is what the package brings: the generator, the analyzers and the code fixes. A fifth project, "floor",
# runs TypedTools.FloorGenerator instead: the least any generator that serves these tools without reflection must
# emit (one typed call per tool, nothing else), the lower bound of the build target.
set -euo pipefail
rounds="${1:-7}"
shared=false
if [ "${2:-}" = "--server" ]; then shared=true; fi
repo="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d /tmp/typedtools-build-XXXXXX)"
trap 'rm -rf "$work"' EXIT
dotnet build -c Release --nologo -v q "$repo/benchmarks/TypedTools.Benchmarks" >/dev/null
for project in benchmarks/TypedTools.FloorGenerator analyzers/TypedTools.CodeFixes; do
  dotnet build -c Release --nologo -v q "$repo/$project" >/dev/null
done
floor_generator="$repo/benchmarks/TypedTools.FloorGenerator/bin/Release/netstandard2.0/TypedTools.FloorGenerator.dll"
generator="$repo/src/TypedTools.Generator/bin/Release/netstandard2.0/TypedTools.Generator.dll"
analyzers="$repo/analyzers/TypedTools.Analyzers/bin/Release/netstandard2.0/TypedTools.Analyzers.dll"
code_fixes="$repo/analyzers/TypedTools.CodeFixes/bin/Release/netstandard2.0/TypedTools.CodeFixes.dll"
analyzer() { echo "  <ItemGroup><Analyzer Include=\"$1\" /></ItemGroup>"; }
mcp_version="$(sed -n 's/.*Include="ModelContextProtocol" Version="\([^"]*\)".*/\1/p' "$repo/Directory.Packages.props")"

kinds=(without floor handwritten generator analyzers)
for kind in "${kinds[@]}"; do
  mkdir -p "$work/$kind"
  dotnet "$repo/benchmarks/TypedTools.Benchmarks/bin/Release/net10.0/TypedTools.Benchmarks.dll" write-build-sources "$work/$kind"
  # NU1603: this registry lacks some exact transitive versions and resolves the next one up (as in Directory.Build.props).
  {
    echo '<Project Sdk="Microsoft.NET.Sdk">'
    echo '  <PropertyGroup><TargetFramework>net10.0</TargetFramework><Nullable>enable</Nullable><ImplicitUsings>enable</ImplicitUsings>'
    echo "    <UseSharedCompilation>$shared</UseSharedCompilation><NoWarn>\$(NoWarn);NU1603</NoWarn></PropertyGroup>"
    echo "  <ItemGroup><PackageReference Include=\"ModelContextProtocol\" Version=\"$mcp_version\" />"
    echo "    <ProjectReference Include=\"$repo/src/TypedTools/TypedTools.csproj\" /></ItemGroup>"
    # The Roslyn components as the package delivers them (analyzers/dotnet/cs): Analyzer items, not project
    # references, which MSBuild would evaluate on every build (~0.1 s each on this machine, noisy) and a user never does.
    if [ "$kind" = floor ]; then analyzer "$floor_generator"; fi
    if [ "$kind" = generator ] || [ "$kind" = analyzers ]; then
      analyzer "$generator"
      echo "  <Import Project=\"$repo/src/TypedTools/build/TypedTools.props\" />"
    fi
    if [ "$kind" = analyzers ]; then analyzer "$analyzers"; analyzer "$code_fixes"; fi
    echo '</Project>'
  } > "$work/$kind/Big.csproj"
  dotnet build -c Release --nologo -v q "$work/$kind" >/dev/null   # restore, references, and a first build
done
# The hand-written stand-in: the generator's own output for these tools, copied in as sources.
dotnet build -c Release --nologo -v q --no-restore --no-incremental -p:EmitCompilerGeneratedFiles=true \
  -p:CompilerGeneratedFilesOutputPath="$work/emitted" "$work/generator" >/dev/null
find "$work/emitted" -path '*TypedToolsGenerator*' -name '*.g.cs' -exec cp {} "$work/handwritten/" \;
dotnet build -c Release --nologo -v q --no-restore "$work/handwritten" >/dev/null

declare -A times memory
for round in $(seq "$rounds"); do
  for kind in "${kinds[@]}"; do
    start=$(date +%s%N)
    /usr/bin/time -f "%M" -o "$work/rss" dotnet build -c Release --nologo -v q --no-restore --no-dependencies --no-incremental "$work/$kind" >/dev/null
    times[$kind]+="$(( ($(date +%s%N) - start) / 1000000 )) "
    memory[$kind]+="$(cat "$work/rss") "
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
base=$(echo "${times[without]}" | median)
written=$(echo "${times[handwritten]}" | median)
printf "%-14s %10s %14s %16s %14s   (medians of %s interleaved rounds)\n" "build" "time" "vs without" "vs handwritten" "peak memory" "$rounds"
for kind in "${kinds[@]}"; do
  t=$(echo "${times[$kind]}" | median); m=$(echo "${memory[$kind]}" | median)
  if $shared; then mem="(server)"; else mem="$((m / 1024)) MB"; fi
  printf "%-14s %7s ms %13.2fx %15.2fx %14s\n" "$kind" "$t" "$(awk "BEGIN{print $t/$base}")" "$(awk "BEGIN{print $t/$written}")" "$mem"
done
