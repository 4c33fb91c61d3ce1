"""Renders emcee's kustomizations without kustomize, and checks what kustomize would refuse.

emcee's kustomizations only list resources (YAML files, and folders with a kustomization of
their own), so rendering one is reading its resources in order; any other kustomization field
is refused here, which keeps that rendering exact. validate.sh then validates each rendering.

    python3 render.py DEPLOY_DIR OUT_DIR
    → OUT_DIR/replicated.yaml, single.yaml, shared.yaml, one line each on stdout

Also checked, each a failure naming the file:
- a resource exists, a folder resource has a kustomization.yaml, and a file resource lies inside
  its kustomization's folder (kustomize's default load restriction);
- every YAML file is used by a kustomization or is an example (`*.example.yaml`);
- no two objects in a rendering share kind and name;
- each ConfigMap, PersistentVolumeClaim and Secret a Deployment uses is in its rendering (a
  Secret may instead be one that secret.example.yaml shows, as it is created by hand), each
  ConfigMap key it reads exists, and each Service's and PodDisruptionBudget's selector picks its
  pods.
"""

import os
import sys

import yaml

KUSTOMIZATION = "kustomization.yaml"
FIELDS = {"apiVersion", "kind", "resources"}


class Invalid(Exception):
    pass


def documents(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


def render(folder, seen=()):
    """The objects of the kustomization in `folder`, in order."""
    path = os.path.join(folder, KUSTOMIZATION)
    if folder in seen:
        raise Invalid(f"{path}: includes itself")
    spec = documents(path)[0]
    extra = set(spec) - FIELDS
    if extra:
        raise Invalid(f"{path}: {sorted(extra)} not supported here (only resources are)")
    objects = []
    for resource in spec.get("resources", []):
        target = os.path.normpath(os.path.join(folder, resource))
        if os.path.isdir(target):
            if not os.path.isfile(os.path.join(target, KUSTOMIZATION)):
                raise Invalid(f"{path}: {resource} is a folder without {KUSTOMIZATION}")
            objects += render(target, seen + (folder,))
        elif os.path.isfile(target):
            if not target.startswith(folder + os.sep):
                raise Invalid(f"{path}: {resource} is outside the kustomization's folder")
            objects += [(target, d) for d in documents(target)]
        else:
            raise Invalid(f"{path}: {resource} does not exist")
    return objects


def used_files(folder):
    """The YAML files the kustomization in `folder` reads, itself included."""
    used = {os.path.join(folder, KUSTOMIZATION)}
    for resource in documents(os.path.join(folder, KUSTOMIZATION))[0].get("resources", []):
        target = os.path.normpath(os.path.join(folder, resource))
        used |= used_files(target) if os.path.isdir(target) else {target}
    return used


def pod_references(spec):
    """(kind, name, key or None, optional) of each ConfigMap, Secret and claim a pod uses."""
    for volume in spec.get("volumes", []):
        if "configMap" in volume:
            yield "ConfigMap", volume["configMap"]["name"], None, False
        if "secret" in volume:
            yield "Secret", volume["secret"]["secretName"], None, False
        if "persistentVolumeClaim" in volume:
            yield "PersistentVolumeClaim", volume["persistentVolumeClaim"]["claimName"], None, False
    sources = {"configMapRef": "ConfigMap", "secretRef": "Secret"}
    keys = {"configMapKeyRef": "ConfigMap", "secretKeyRef": "Secret"}
    for container in spec.get("initContainers", []) + spec.get("containers", []):
        for source in container.get("envFrom", []):
            for field, ref in source.items():
                if field in sources:
                    yield sources[field], ref["name"], None, ref.get("optional", False)
        for variable in container.get("env", []):
            for field, ref in variable.get("valueFrom", {}).items():
                if field in keys:
                    yield keys[field], ref["name"], ref["key"], ref.get("optional", False)


def check(name, objects, shown_secrets):
    """Fails on what kustomize or the cluster would refuse in one rendering."""
    by_id = {}
    for path, doc in objects:
        key = (doc["kind"], doc["metadata"]["name"])
        if key in by_id:
            raise Invalid(f"{name}: {key[0]}/{key[1]} in both {by_id[key][0]} and {path}")
        by_id[key] = (path, doc)
    for path, doc in objects:
        if doc["kind"] != "Deployment":
            continue
        template = doc["spec"]["template"]
        for kind, ref, key, optional in pod_references(template["spec"]):
            if (kind, ref) in by_id:
                data = by_id[(kind, ref)][1].get("data", {})
                if key is not None and kind == "ConfigMap" and key not in data:
                    raise Invalid(f"{path}: ConfigMap {ref} has no key {key}")
            elif not (optional or (kind == "Secret" and ref in shown_secrets)):
                raise Invalid(f"{path}: uses {kind} {ref}, which {name} does not create")
        labels = template["metadata"]["labels"]
        for other_path, other in objects:
            selector = other.get("spec", {}).get("selector", {})
            selector = selector.get("matchLabels", selector)
            if other["kind"] in ("Service", "PodDisruptionBudget") and not all(
                labels.get(k) == v for k, v in selector.items()
            ):
                raise Invalid(f"{other_path}: selector {selector} misses {path}'s pods")


def main(deploy, out):
    deploy = os.path.abspath(deploy)
    shown_secrets = {
        d["metadata"]["name"]
        for d in documents(os.path.join(deploy, "secret.example.yaml"))
        if d["kind"] == "Secret"
    }
    folders = sorted(
        root for root, _, files in os.walk(deploy) if KUSTOMIZATION in files
    )
    used = set()
    for folder in folders:
        name = os.path.relpath(folder, deploy).replace(os.sep, "-")
        name = "shared" if name == "." else name
        objects = render(folder)
        check(name, objects, shown_secrets)
        used |= used_files(folder)
        rendered = os.path.join(out, f"{name}.yaml")
        with open(rendered, "w", encoding="utf-8") as f:
            yaml.safe_dump_all([d for _, d in objects], f, sort_keys=False)
        kinds = ", ".join(f"{d['kind']}/{d['metadata']['name']}" for _, d in objects)
        print(f"rendered {name}: {kinds}")
    for root, _, files in os.walk(deploy):
        for file in files:
            path = os.path.join(root, file)
            if file.endswith(".yaml") and not file.endswith(".example.yaml") and path not in used:
                raise Invalid(f"{path}: no kustomization uses it")


if __name__ == "__main__":
    try:
        main(*sys.argv[1:])
    except (Invalid, KeyError, TypeError, OSError, yaml.YAMLError) as err:
        print(f"ERROR {type(err).__name__}: {err}", file=sys.stderr)
        sys.exit(1)
