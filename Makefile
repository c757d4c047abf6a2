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
run: ui-build backend-build ## Build the UI and backend, then serve both on http://127.0.0.1:7788
	$(DOTNET) $(SERVER_DLL) --urls http://127.0.0.1:7788 --data $(DATA_DIR)

backend-build: ## Build the backend (and copy the built UI next to it)
	$(DOTNET) build backend/Meshdock.slnx -c $(CONFIG)

ui/node_modules: ui/package.json ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	@touch $@

ui-build: ui/node_modules ## Build the UI into ui/dist
	cd ui && npm run build

## —— Tests ————————————————————————————————————————————————————————————————
test: test-backend test-ui ## Run every test: backend, UI unit tests and the browser test

test-backend: ## Backend tests (xunit) over real sockets
	$(DOTNET) test backend/Meshdock.slnx -c $(CONFIG)

test-ui: ui/node_modules ## UI unit tests (Vitest)
	cd ui && npm test

## —— Benchmarks (not part of `make test`) ————————————————————————————————
bench: ## Run every benchmark in bench/ (load generator vs wrk and hey against nginx on loopback)
	@for script in bench/*.sh; do echo "== $$script"; bash "$$script" || exit 1; done

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

.PHONY: run backend-build ui-build test test-backend test-ui bench build-extension install-extension update-extension validate-extension prepare-buildx push-extension help
