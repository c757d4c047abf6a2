# syntax=docker/dockerfile:1.7
# Meshdock Docker Desktop extension: the React UI (served by Docker Desktop from /ui), the C# backend on the
# extension socket, the helm CLI it drives, and the rate-limit WebAssembly filter for the Image Hub demo.

# ---- UI: built once on the build machine's own platform (the output is plain JS/CSS) -------------------------
FROM --platform=$BUILDPLATFORM node:20-bookworm-slim AS ui
WORKDIR /src/ui
COPY ui/package.json ui/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund
COPY ui/ ./
RUN npm run build

# ---- WebAssembly filter: wasm32 output is the same on every platform ----------------------------------------
FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS filters
RUN --mount=type=cache,target=/var/cache/apt,sharing=locked \
    apt-get update && apt-get install -y --no-install-recommends make clang lld wasi-libc libclang-rt-14-dev-wasm32
WORKDIR /src
COPY Makefile ./
COPY filters/ filters/
RUN make filters

# ---- Backend: cross-published from the build platform for the target architecture ---------------------------
FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0 AS backend
ARG TARGETARCH
WORKDIR /src
# Project files first, so the restore layer is cached until a dependency changes.
COPY backend/Directory.Build.props backend/Directory.Packages.props backend/
COPY backend/src/Meshdock.Server/Meshdock.Server.csproj backend/src/Meshdock.Server/
COPY backend/src/Meshdock.Load/Meshdock.Load.csproj backend/src/Meshdock.Load/
COPY backend/src/Meshdock.Load.Cluster/Meshdock.Load.Cluster.csproj backend/src/Meshdock.Load.Cluster/
COPY backend/src/Meshdock.ProxyWasm/Meshdock.ProxyWasm.csproj backend/src/Meshdock.ProxyWasm/
COPY backend/src/Meshdock.Cli/Meshdock.Cli.csproj backend/src/Meshdock.Cli/
# ReadyToRun (precompiled) code starts faster and leaves less JIT-compiled code resident while idle; crossgen2
# compiles for the target architecture from the build platform, and the restore fetches it.
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet restore backend/src/Meshdock.Server/Meshdock.Server.csproj -a "$(echo $TARGETARCH | sed 's/amd64/x64/')" \
      -p:PublishReadyToRun=true && \
    dotnet restore backend/src/Meshdock.Cli/Meshdock.Cli.csproj -a "$(echo $TARGETARCH | sed 's/amd64/x64/')" \
      -p:PublishReadyToRun=true
COPY backend/src/ backend/src/
COPY samples/ samples/
# The CLI goes to /app/cli: the cluster runner's pods run this same image with it (Features/Performance/ClusterRunner).
RUN --mount=type=cache,target=/root/.nuget/packages \
    dotnet publish backend/src/Meshdock.Server/Meshdock.Server.csproj -c Release --no-restore --self-contained false \
      -a "$(echo $TARGETARCH | sed 's/amd64/x64/')" -p:PublishReadyToRun=true -o /app && \
    dotnet publish backend/src/Meshdock.Cli/Meshdock.Cli.csproj -c Release --no-restore --self-contained false \
      -a "$(echo $TARGETARCH | sed 's/amd64/x64/')" -p:PublishReadyToRun=true -o /app/cli

# ---- helm: the release binary for the target architecture, checked against its published digest -------------
FROM --platform=$BUILDPLATFORM debian:bookworm-slim AS helm
ARG TARGETARCH
ARG HELM_VERSION=v4.1.4
RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl && rm -rf /var/lib/apt/lists/*
RUN set -eu; f="helm-${HELM_VERSION}-linux-${TARGETARCH}.tar.gz"; \
    curl -fsSLO "https://get.helm.sh/${f}"; curl -fsSLO "https://get.helm.sh/${f}.sha256sum"; \
    sha256sum -c "${f}.sha256sum"; tar -xzf "${f}"; install -m 0755 "linux-${TARGETARCH}/helm" /usr/local/bin/helm

# ---- The extension image -------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0
ARG REPO_URL=https://github.com/meshdock/meshdock
LABEL org.opencontainers.image.title="Meshdock" \
      org.opencontainers.image.description="Install, compare and demo service meshes on Docker Desktop's Kubernetes: one-click Istio, Linkerd, Consul and Kuma, honest load tests in the SMP format, and WebAssembly filters you can try locally." \
      org.opencontainers.image.vendor="Meshdock" \
      org.opencontainers.image.licenses="Apache-2.0" \
      org.opencontainers.image.source="${REPO_URL}" \
      com.docker.desktop.extension.api.version=">= 0.3.4" \
      com.docker.desktop.extension.icon="${REPO_URL}/raw/main/meshdock.svg" \
      com.docker.extension.screenshots="[{\"alt\": \"The Overview page connected to a cluster: Kubernetes version, nodes and installed meshes (light theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/overview-light.png\"}, {\"alt\": \"The Overview page connected to a cluster: Kubernetes version, nodes and installed meshes (dark theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/overview-dark.png\"}, {\"alt\": \"A mesh installing: its pods coming up on the card while the docked Operations drawer streams the operation live (light theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/mesh-installing-light.png\"}, {\"alt\": \"A mesh installing: its pods coming up on the card while the docked Operations drawer streams the operation live (dark theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/mesh-installing-dark.png\"}, {\"alt\": \"A load test result: status codes, coordinated-omission-corrected latency distribution and percentile curve (light theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/perf-result-light.png\"}, {\"alt\": \"A load test result: status codes, coordinated-omission-corrected latency distribution and percentile curve (dark theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/perf-result-dark.png\"}, {\"alt\": \"The rate-limit filter demo compared: without the filter every pull passes, with it 10 pass and the rest get 429 (light theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/filter-demo-compared-light.png\"}, {\"alt\": \"The rate-limit filter demo compared: without the filter every pull passes, with it 10 pass and the rest get 429 (dark theme)\", \"url\": \"${REPO_URL}/raw/main/docs/screenshots/filter-demo-compared-dark.png\"}]" \
      com.docker.extension.detailed-description="<h1>Service meshes on your laptop</h1><p>Meshdock manages service meshes on the Kubernetes cluster that Docker Desktop runs.</p><ul><li><b>Lifecycle</b>: connect to the cluster, install, upgrade and remove Istio, Linkerd, Consul, Kuma and more, with live pod-by-pod progress; deploy Image Hub, Bookinfo, httpbin and Emojivoto and put namespaces in the mesh.</li><li><b>Performance</b>: load tests with coordinated-omission-corrected latency, results in the Service Mesh Performance (SMP) format, history and side-by-side comparisons.</li><li><b>WebAssembly filters</b>: validate proxy-wasm modules, attach them to Envoy-based meshes, and try them in a local sandbox.</li></ul>" \
      com.docker.extension.publisher-url="${REPO_URL}" \
      com.docker.extension.additional-urls="[{\"title\": \"Documentation\", \"url\": \"${REPO_URL}#readme\"}, {\"title\": \"Issues\", \"url\": \"${REPO_URL}/issues\"}]" \
      com.docker.extension.changelog="<ul><li>First release: cluster connection, mesh lifecycle, sample apps, performance runs and WebAssembly filters.</li></ul>" \
      com.docker.extension.categories="kubernetes"

COPY --from=helm /usr/local/bin/helm /usr/local/bin/helm
COPY --from=backend /app /app
COPY --from=filters /src/filters/rate-limit/rate-limit.wasm /app/filters/rate-limit.wasm
COPY --from=ui /src/ui/dist /ui
COPY metadata.json meshdock.svg docker-compose.yaml /

# Root, as Docker's samples run: the backend opens the engine socket and reads the mounted kubeconfig.
VOLUME /data
CMD ["dotnet", "/app/Meshdock.Server.dll", "--socket", "/run/guest-services/meshdock.sock", "--urls", "http://0.0.0.0:7789", "--data", "/data"]
