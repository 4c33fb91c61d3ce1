#!/usr/bin/env bash
# Validates emcee's Kubernetes manifests offline, against the Kubernetes API schemas that
# kubernetes-validate (from PyPI) ships: every YAML file here (strict: an unknown field fails),
# and each kustomization rendered by render.py, which also checks what kustomize would refuse
# (missing resources, two objects with one name, a Deployment using a ConfigMap or Secret that
# nothing creates). Any error, and any warning (a kind it has no schema for), fails.
#
#   deploy/kubernetes/validate.sh
#
# The first run installs kubernetes-validate into a venv under target/ (about 10 s from PyPI);
# KUBERNETES_VALIDATE_VENV moves it, KUBERNETES_VERSION picks the API version checked against.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
version="${KUBERNETES_VERSION:-1.30.0}"
tool="kubernetes-validate==1.37.0"
venv="${KUBERNETES_VALIDATE_VENV:-$repo/target/kubernetes-validate}"
python="$venv/bin/python"

if ! "$python" -m kubernetes_validate --version >/dev/null 2>&1; then
    echo "installing $tool into $venv"
    rm -rf "$venv"
    if python3 -m venv "$venv" >/dev/null 2>&1; then
        "$venv/bin/pip" install --quiet --disable-pip-version-check "$tool"
    else
        # No venv module (Debian without python3-venv): the packages in a folder instead.
        rm -rf "$venv"
        python3 -m pip install --quiet --disable-pip-version-check --target "$venv/site" "$tool"
        mkdir -p "$venv/bin"
        printf '#!/bin/sh\nPYTHONPATH="%s" exec python3 "$@"\n' "$venv/site" >"$python"
        chmod +x "$python"
    fi
fi

rendered="$(mktemp -d)"
trap 'rm -rf "$rendered"' EXIT

"$python" "$here/render.py" "$here" "$rendered"

mapfile -t files < <(cd "$here" && find . -name '*.yaml' ! -name kustomization.yaml | sort)
mapfile -t renders < <(find "$rendered" -name '*.yaml' | sort)

report="$rendered/report.txt"
status=0
(cd "$here" && "$python" -m kubernetes_validate --strict --kubernetes-version "$version" \
    "${files[@]}" "${renders[@]}") >"$report" 2>&1 || status=$?
sed "s|$rendered/|rendered:|" "$report"
if [ "$status" -ne 0 ] || grep -qv '^INFO ' "$report"; then
    echo "FAILED: the manifests do not all validate against Kubernetes $version" >&2
    exit 1
fi
echo "ok: ${#files[@]} files and ${#renders[@]} rendered kustomizations are valid for Kubernetes $version"
