#!/usr/bin/env bash
# Backend footprint: start-up time on the socket, idle RSS, SignalR event latency, next to a bare ASP.NET Core host.
# Writes the "Backend footprint" section of docs/performance.md. Not a test: figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-Release}"
dotnet build backend/src/Meshdock.Server/Meshdock.Server.csproj -c "$CONFIG" --nologo -v quiet
dotnet build bench/footprint/Footprint.csproj -c Release --nologo -v quiet
dotnet bench/footprint/bin/Release/net10.0/Footprint.dll measure \
  --server "backend/src/Meshdock.Server/bin/$CONFIG/net10.0/Meshdock.Server.dll" \
  --report docs/performance.md
