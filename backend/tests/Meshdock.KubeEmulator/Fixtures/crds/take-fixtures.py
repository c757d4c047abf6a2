#!/usr/bin/env python3
"""Takes the meshes' CustomResourceDefinitions Meshdock writes to from the upstream repositories, at the versions the
catalog offers, into <mesh>/<version>/<crd name>.yaml with a header naming the source file, tag and commit.

Usage: take-fixtures.py ISTIO_GIT_DIR CONSUL_K8S_GIT_DIR KUMA_GIT_DIR   (bare clones or mirrors with the release tags)
"""
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

ISTIO = {
    "repo": "istio/istio",
    "tags": ["1.30.3", "1.29.6", "1.28.10"],
    "files": [("manifests/charts/base/files/crd-all.gen.yaml", ["wasmplugins.extensions.istio.io"])],
    # Waypoints are Gateway API Gateways. Gateway API is installed apart from Istio; its Gateway CRD is taken once,
    # from the bundle Istio's own tests install at the newest tag (Gateway API v1.5.1 at 1.30.3).
    "gateway": ("tests/integration/pilot/testdata/gateway-api-crd.yaml", ["gateways.gateway.networking.k8s.io"]),
}
CONSUL = {
    "repo": "hashicorp/consul-k8s",
    "tags": ["v2.0.3", "v1.9.11", "v1.8.16"],
    "files": [(f"charts/consul/templates/crd-{kind}.yaml", None) for kind in ["servicedefaults", "proxydefaults", "serviceintentions"]],
}
KUMA = {
    "repo": "kumahq/kuma",
    "tags": ["v2.14.3", "v2.13.10"],
    "files": [("deployments/charts/kuma/crds/kuma.io_meshproxypatches.yaml", None)],
}


def git(repo_dir, *args):
    return subprocess.run(["git", "-C", repo_dir, *args], check=True, capture_output=True, text=True).stdout


def documents(text):
    for doc in re.split(r"^---\s*$", text, flags=re.M):
        match = re.search(r"^  name: (\S+)$", doc, flags=re.M)
        if match and "kind: CustomResourceDefinition" in doc:
            yield match.group(1), doc.strip("\n") + "\n"


def untemplate(doc):
    """Consul's chart wraps each CRD in `{{- if .Values.connectInject.enabled }}` and labels it with template calls:
    those lines go, nothing else changes."""
    return "".join(line for line in doc.splitlines(keepends=True) if "{{" not in line)


def take(spec, mesh, repo_dir, extra=()):
    for index, tag in enumerate(spec["tags"]):
        commit = git(repo_dir, "rev-list", "-n", "1", tag).strip()
        out = os.path.join(HERE, mesh, tag.lstrip("v"))
        os.makedirs(out, exist_ok=True)
        for path, names in [*spec["files"], *(extra if index == 0 else ())]:
            text = git(repo_dir, "show", f"{tag}:{path}")
            changed = "{{" in text
            for name, doc in documents(untemplate(text) if changed else text):
                if names is not None and name not in names:
                    continue
                header = (f"# Source: https://github.com/{spec['repo']}/blob/{tag}/{path}\n"
                          f"# Version: {tag} (commit {commit})\n"
                          + ("# Changed: the Helm template lines ({{ ... }}) removed; nothing else.\n" if changed
                             else "# Unchanged but for this header.\n"))
                with open(os.path.join(out, f"{name}.yaml"), "w") as f:
                    f.write(header + doc)


if __name__ == "__main__":
    istio, consul, kuma = sys.argv[1:4]
    take(ISTIO, "istio", istio, [ISTIO["gateway"]])
    take(CONSUL, "consul", consul)
    take(KUMA, "kuma", kuma)
