#!/usr/bin/env bash
# Installs and starts a Docker engine for the container suites (Debian's docker.io: no registry
# needed; images are built locally). Does nothing when an engine already answers. Needs root.
set -euo pipefail
if docker info >/dev/null 2>&1; then
  echo "docker engine: already answering"
  exit 0
fi
if ! command -v dockerd >/dev/null || ! command -v docker-compose >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # docker-compose: the standalone 1.29 tool, for the compose target (Debian has no compose v2 plugin).
  apt-get install -y -qq docker.io docker-compose >/dev/null
fi
if ! docker info >/dev/null 2>&1; then
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
fi
docker info >/dev/null 2>&1 || { echo "docker engine: dockerd did not come up; see /tmp/dockerd.log" >&2; tail -20 /tmp/dockerd.log >&2; exit 1; }
echo "docker engine: $(docker version --format '{{.Server.Version}}') answering; compose: $(docker-compose version --short 2>/dev/null || docker compose version --short)"
