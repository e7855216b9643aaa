#!/bin/bash
# Registers every connector config in $CONNECTORS_DIR (<name>.json) with the Connect REST API.
# PUT /connectors/<name>/config creates or updates, so running this again is harmless.
#
# A value "@FIRST_START@" is the time of the first registration: it stays what the running
# connector has (the simulator's offsets count ticks from it), and on a new connector becomes
# six hours before now, on the hour, so the dashboards' default ranges show data at once.
set -euo pipefail

url=${CONNECT_URL:-http://connect:8083}
dir=${CONNECTORS_DIR:-/opt/gpuarb/connectors}

first_start() {
    local name=$1 key=$2 current
    current=$(curl -fsS "$url/connectors/$name/config" 2>/dev/null | jq -r --arg k "$key" '.[$k] // empty' || true)
    if [[ -n "$current" ]]; then
        echo "$current"
    else
        date -u -d "@$(( $(date +%s) / 3600 * 3600 - 6 * 3600 ))" +%Y-%m-%dT%H:%M:%SZ
    fi
}

shopt -s nullglob
files=("$dir"/*.json)
if (( ${#files[@]} == 0 )); then
    echo "no connector configs in $dir" >&2
    exit 1
fi

for file in "${files[@]}"; do
    name=$(basename "$file" .json)
    config=$(jq -c . "$file")
    for key in $(jq -r 'to_entries[] | select(.value == "@FIRST_START@") | .key' <<<"$config"); do
        config=$(jq -c --arg k "$key" --arg v "$(first_start "$name" "$key")" '.[$k] = $v' <<<"$config")
    done
    status=$(curl -sS -o /tmp/response.json -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
        --data "$config" "$url/connectors/$name/config")
    if [[ "$status" != 200 && "$status" != 201 ]]; then
        echo "connector $name: HTTP $status $(cat /tmp/response.json)" >&2
        exit 1
    fi
    echo "connector $name: $([[ $status == 201 ]] && echo created || echo updated)"
done
