# Shared by bench/load.sh and bench/http2.sh (sourced, not run): core pinning, the Debian packages each needs, the
# CLI as it ships, and the CPU accounting both report. Each script sets $work (a temporary folder) before measuring.

SERVER_CORE=${SERVER_CORE:-0}
CLIENT_CORE=${CLIENT_CORE:-1}

# need_packages command=package ...: installs the Debian packages whose command is missing, and GNU time. When
# another apt run holds dpkg's lock, apt itself waits for it (up to ten minutes) instead of failing.
need_packages() {
  local need=() pair
  for pair in "$@"; do
    command -v "${pair%%=*}" >/dev/null || need+=("${pair#*=}")
  done
  [ -x /usr/bin/time ] || need+=(time)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get -o DPkg::Lock::Timeout=600 update -qq
    DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${need[@]}"
  fi
}

# The CLI as it would ship: a Release publish, ReadyToRun-compiled so start-up does not spend CPU in the JIT (the
# CPU figures are the whole process, start-up included, as they are for the peers). Sets $MESHDOCK.
publish_cli() {
  local rid publish
  case "$(uname -m)" in aarch64|arm64) rid=linux-arm64 ;; *) rid=linux-x64 ;; esac
  publish=backend/src/Meshdock.Cli/bin/Release/net10.0/$rid/publish
  dotnet publish backend/src/Meshdock.Cli/Meshdock.Cli.csproj -c Release -r "$rid" --self-contained false \
    -p:PublishReadyToRun=true -o "$publish" -v q -nologo >/dev/null
  MESHDOCK="dotnet $publish/meshdock.dll"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# Runs "$@" pinned to the client core; leaves the process's user+system CPU seconds in $work/cpu.
pinned() { /usr/bin/time -f "%U %S" -o "$work/cpu" taskset -c "$CLIENT_CORE" "$@"; }
cpu_seconds() { awk '{ printf "%.3f", $1 + $2 }' "$work/cpu"; }
rate() { awk -v r="$1" -v c="$2" 'BEGIN { printf "%.0f", r / c }'; }

print_machine() {
  printf '\nMachine: %s cores, %s, %s RAM, load average %s; nginx %s on core %s, generators on core %s\n' \
    "$(nproc)" "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" \
    "$(free -h | awk '/^Mem:/ {print $2}')" "$(cut -d' ' -f1-3 /proc/loadavg)" "$(nginx -v 2>&1 | cut -d/ -f2)" \
    "$SERVER_CORE" "$CLIENT_CORE"
}
