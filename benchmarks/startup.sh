#!/usr/bin/env bash
# Start-up measurement (benchmarks/README.md): builds the start-up servers on the JIT and publishes them with
# Native AOT, then times process start to the tools/list answer for each kind of server, 6 and 200 tools.
set -euo pipefail
cd "$(dirname "$0")/TypedTools.Startup"
dotnet build -c Release --nologo -v q
dotnet publish -c Release -r linux-x64 -o bin/native --nologo -v q
dotnet bin/Release/net10.0/TypedTools.Startup.dll measure "$PWD/bin/Release/net10.0/TypedTools.Startup.dll" "$PWD/bin/native/TypedTools.Startup" "${1:-10}"
