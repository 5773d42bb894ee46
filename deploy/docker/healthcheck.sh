#!/usr/bin/env bash
# Container health check without curl (the JRE image has none): one HTTP GET over bash's /dev/tcp.
# Usage: healthcheck.sh [path]   path defaults to /actuator/health/readiness; the port is $SERVER_PORT.
# Exit 0 only on an HTTP 200 status line; anything else (refused, timeout, 503 OUT_OF_SERVICE) is 1.
set -u
port="${SERVER_PORT:?SERVER_PORT is not set}"
path="${1:-/actuator/health/readiness}"
host="${HEALTHCHECK_HOST:-127.0.0.1}"

# braces: a bare `exec ... 2>/dev/null` would silence stderr for the rest of the script
{ exec 3<>"/dev/tcp/${host}/${port}"; } 2>/dev/null || { echo "unhealthy: nothing listens on ${host}:${port}" >&2; exit 1; }
printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$host" >&3
status=""
IFS= read -r -t 5 status <&3
exec 3<&- 3>&-
case "$status" in
  "HTTP/1."?" 200"*) exit 0 ;;
  *) echo "unhealthy: GET ${path} answered '${status%$'\r'}'" >&2; exit 1 ;;
esac
