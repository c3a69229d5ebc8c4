#!/usr/bin/env bash
# Builds the Reprise image, pushes it to $REGISTRY and deploys k8s/ to the current kubectl context, in order:
# the Secrets (generated when missing), PostgreSQL, the schema migration Job (waited for), then the Knative Service
# and the PingSource that wakes it every minute.
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: REGISTRY=<registry>/<namespace> deploy/deploy-knative.sh [options]

Builds deploy/Dockerfile.jvm (or .native) with docker or podman, pushes $REGISTRY/reprise:<tag>, renders k8s/ with
that image (kubectl kustomize) and applies it in order, waiting for each step:
  1. Secrets reprise-db and reprise-api: created with a generated password and API key when missing, never changed
     when present (k8s/secret.yaml is a template for applying by hand; this script does not apply it);
  2. PostgreSQL: the CloudNativePG Cluster (default) or the plain StatefulSet (--statefulset);
  3. the migration Job reprise-migrate (the previous one is deleted first), until it completes;
  4. the Knative Service reprise and the PingSource reprise-tick.

Options:
  --tag TAG         image tag (default: the git commit, with -dirty when the work tree has changes)
  --native          build deploy/Dockerfile.native (Mandrel, in the container) instead of Dockerfile.jvm
  --statefulset     run PostgreSQL as a plain StatefulSet instead of a CloudNativePG Cluster
  --namespace NS    namespace to deploy to (default: the context's)
  --skip-build      do not build nor push; deploy $REGISTRY/reprise:<tag> as it is
  --render          print the manifests that would be applied and stop (no build, no cluster access)
  -h, --help        this text

Environment:
  REGISTRY          required: where the image goes, e.g. ghcr.io/acme or registry.example.com:5000/team
  CONTAINER_TOOL    docker or podman (default: the first of them found)

Needs on the cluster: Knative Serving, Knative Eventing (PingSource) and, unless --statefulset, the CloudNativePG
operator. Needs locally: kubectl (1.27+, for its built-in kustomize) and, to build, docker or podman logged in to
$REGISTRY.
USAGE
}

die() {
  echo "deploy-knative: $*" >&2
  exit 1
}

tag=""
native=false
statefulset=false
namespace=""
skip_build=false
render_only=false
while [[ $# -gt 0 ]]; do
  case "$1" in
    --tag)
      [[ $# -ge 2 ]] || die "--tag needs a value"
      tag="$2"
      shift
      ;;
    --native) native=true ;;
    --statefulset) statefulset=true ;;
    --namespace | -n)
      [[ $# -ge 2 ]] || die "--namespace needs a value"
      namespace="$2"
      shift
      ;;
    --skip-build) skip_build=true ;;
    --render) render_only=true ;;
    -h | --help)
      usage
      exit 0
      ;;
    *)
      echo "Unknown argument: $1" >&2
      usage >&2
      exit 2
      ;;
  esac
  shift
done

cd "$(dirname "$0")/.."

if [[ -z "${REGISTRY:-}" ]]; then
  usage >&2
  die "set REGISTRY, e.g. REGISTRY=ghcr.io/acme $0"
fi
command -v kubectl >/dev/null 2>&1 || die "kubectl is not installed"

if [[ -z "$tag" ]]; then
  tag="$(git rev-parse --short HEAD 2>/dev/null || echo latest)"
  if [[ -n "$(git status --porcelain 2>/dev/null)" ]]; then
    tag="$tag-dirty"
  fi
fi
image_name="${REGISTRY%/}/reprise"
image="$image_name:$tag"

kube=(kubectl)
if [[ -n "$namespace" ]]; then
  kube+=(--namespace "$namespace")
fi

# Render k8s/ with the image, and with the StatefulSet instead of the CloudNativePG Cluster when asked: an overlay
# in a temporary directory around a copy of k8s/, so the committed files stay as they are.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -R k8s "$work/base"
{
  echo "apiVersion: kustomize.config.k8s.io/v1beta1"
  echo "kind: Kustomization"
  echo "resources:"
  echo "  - base"
  if [[ "$statefulset" == true ]]; then
    echo "  - base/postgres-statefulset.yaml"
    echo "patches:"
    echo "  - patch: |-"
    echo "      \$patch: delete"
    echo "      apiVersion: postgresql.cnpg.io/v1"
    echo "      kind: Cluster"
    echo "      metadata:"
    echo "        name: reprise-pg"
  fi
  echo "images:"
  echo "  - name: reprise"
  echo "    newName: $image_name"
  echo "    newTag: \"$tag\""
} >"$work/kustomization.yaml"
manifests="$work/manifests.yaml"
kubectl kustomize "$work" >"$manifests"

if [[ "$render_only" == true ]]; then
  cat "$manifests"
  exit 0
fi

# 0. The image.
if [[ "$skip_build" == false ]]; then
  tool="${CONTAINER_TOOL:-}"
  if [[ -z "$tool" ]]; then
    if command -v docker >/dev/null 2>&1; then
      tool=docker
    elif command -v podman >/dev/null 2>&1; then
      tool=podman
    else
      die "neither docker nor podman is installed (set CONTAINER_TOOL, or use --skip-build)"
    fi
  fi
  dockerfile=deploy/Dockerfile.jvm
  if [[ "$native" == true ]]; then
    dockerfile=deploy/Dockerfile.native
  fi
  echo "==> Building $image from $dockerfile with $tool"
  "$tool" build -f "$dockerfile" -t "$image" .
  echo "==> Pushing $image"
  "$tool" push "$image"
fi

apply() { # apply the rendered objects whose app.kubernetes.io/component is $1
  "${kube[@]}" apply -l "app.kubernetes.io/component=$1" -f "$manifests"
}

random_hex() {
  od -An -N24 -tx1 /dev/urandom | tr -d ' \n'
}

# 1. Secrets: created once, never overwritten (the database keeps the password it was initialised with). The
# generated values go through stdin, not the command line, so no process listing shows them.
if ! "${kube[@]}" get secret reprise-db >/dev/null 2>&1; then
  echo "==> Creating Secret reprise-db with a generated password"
  "${kube[@]}" create -f - <<SECRET
apiVersion: v1
kind: Secret
metadata:
  name: reprise-db
  labels:
    app.kubernetes.io/name: reprise
    app.kubernetes.io/component: credentials
type: kubernetes.io/basic-auth
stringData:
  host: reprise-pg-rw
  port: "5432"
  database: reprise
  username: reprise
  password: "$(random_hex)"
SECRET
fi
if ! "${kube[@]}" get secret reprise-api >/dev/null 2>&1; then
  echo "==> Creating Secret reprise-api with a generated API key"
  "${kube[@]}" create -f - <<SECRET
apiVersion: v1
kind: Secret
metadata:
  name: reprise-api
  labels:
    app.kubernetes.io/name: reprise
    app.kubernetes.io/component: credentials
type: Opaque
stringData:
  api-key: "$(random_hex)"
  tick-key: "$(random_hex)"
SECRET
fi

# 2. PostgreSQL.
echo "==> Applying PostgreSQL"
apply database
if [[ "$statefulset" == true ]]; then
  "${kube[@]}" rollout status statefulset/reprise-pg --timeout=10m
else
  "${kube[@]}" wait --for=condition=Ready cluster.postgresql.cnpg.io/reprise-pg --timeout=15m
fi

# 3. Schema migration: a Job's pod template cannot change, so the previous run goes first.
echo "==> Migrating the schema (Job reprise-migrate)"
"${kube[@]}" delete job reprise-migrate --ignore-not-found --wait=true
apply migration
deadline=$((SECONDS + 600))
while true; do
  complete="$("${kube[@]}" get job reprise-migrate -o jsonpath='{.status.conditions[?(@.type=="Complete")].status}')"
  failed="$("${kube[@]}" get job reprise-migrate -o jsonpath='{.status.conditions[?(@.type=="Failed")].status}')"
  if [[ "$complete" == True ]]; then
    break
  fi
  if [[ "$failed" == True || $SECONDS -ge $deadline ]]; then
    "${kube[@]}" logs job/reprise-migrate --tail=50 >&2 || true
    die "the migration Job did not complete; the Service was not changed"
  fi
  sleep 5
done

# 4. The Service, then the PingSource that wakes it.
echo "==> Applying the Knative Service and the PingSource"
# The PingSource's sink URI carries the tick-only key (see k8s/pingsource.yaml): put the Secret's value in place of
# the placeholder, in the rendered copy only.
tick_key="$("${kube[@]}" get secret reprise-api -o jsonpath='{.data.tick-key}' | base64 -d)"
if [[ -z "$tick_key" ]]; then
  echo "Secret reprise-api has no tick-key; add one (openssl rand -hex 32) so the PingSource can wake the service" >&2
  exit 1
fi
sed -i "s|code=CHANGE-ME-TICK|code=${tick_key}|" "$manifests"
apply app
"${kube[@]}" wait --for=condition=Ready ksvc/reprise --timeout=10m

url="$("${kube[@]}" get ksvc reprise -o jsonpath='{.status.url}')"
cat <<DONE
==> Reprise $image is ready at $url
    API:    $url/runtime/webhooks/durabletask (send the key: -H "x-functions-key: \$KEY")
    Key:    KEY=\$(kubectl ${namespace:+-n $namespace }get secret reprise-api -o jsonpath='{.data.api-key}' | base64 -d)
    Health: $url/q/health/ready
DONE
