#!/usr/bin/env bash
# Backend footprint: start-up time on the socket, idle RSS, SignalR event latency, next to a bare ASP.NET Core host.
# Writes the "Backend footprint" section of docs/performance.md. Not a test: figures depend on the machine.
set -euo pipefail
cd "$(dirname "$0")/.."
CONFIG="${CONFIG:-Release}"
# The server as the image ships it: a ReadyToRun publish (see the Dockerfile's backend stage).
case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
publish="backend/src/Meshdock.Server/bin/$CONFIG/net10.0/$rid/publish"
dotnet publish backend/src/Meshdock.Server/Meshdock.Server.csproj -c "$CONFIG" -r "$rid" --self-contained false \
  -p:PublishReadyToRun=true -o "$publish" --nologo -v quiet
dotnet build bench/footprint/Footprint.csproj -c Release --nologo -v quiet
dotnet bench/footprint/bin/Release/net10.0/Footprint.dll measure \
  --server "$publish/Meshdock.Server.dll" \
  --report docs/performance.md
