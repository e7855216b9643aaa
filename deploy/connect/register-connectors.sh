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
attempts=${ATTEMPTS:-30}
response=$(mktemp)
trap 'rm -f "$response"' EXIT

six_hours_ago() {
    date -u -d "@$(( $(date +%s) / 3600 * 3600 - 6 * 3600 ))" +%Y-%m-%dT%H:%M:%SZ
}

# The value of a first-start key: the running connector's, else a new one. Only a 404 means
# "new": any other failure to read is retried, so a busy worker never gets a changed start.
first_start() {
    local name=$1 key=$2 status current
    for (( i = 1; i <= attempts; i++ )); do
        status=$(curl -sS --max-time 30 -o "$response" -w '%{http_code}' "$url/connectors/$name/config" || true)
        case "$status" in
            200)
                current=$(jq -r --arg k "$key" '.[$k] // empty' "$response")
                if [[ -n "$current" ]]; then echo "$current"; else six_hours_ago; fi
                return 0 ;;
            404) six_hours_ago; return 0 ;;
            *) sleep 2 ;;
        esac
    done
    echo "connector $name: cannot read its config (HTTP $status)" >&2
    return 1
}

# PUT with retries: a worker that has just started may still be joining its group (409) or
# forwarding to a leader that is not there yet (5xx); a bad config (400) fails at once.
put() {
    local name=$1 config=$2 status
    for (( i = 1; i <= attempts; i++ )); do
        status=$(curl -sS --max-time 30 -o "$response" -w '%{http_code}' -X PUT -H 'Content-Type: application/json' \
            --data "$config" "$url/connectors/$name/config" || true)
        case "$status" in
            201) echo "connector $name: created"; return 0 ;;
            200) echo "connector $name: updated"; return 0 ;;
            409 | 5?? | 000 | "") sleep 2 ;;
            *) break ;;
        esac
    done
    echo "connector $name: HTTP $status $(cat "$response")" >&2
    return 1
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
        value=$(first_start "$name" "$key")
        config=$(jq -c --arg k "$key" --arg v "$value" '.[$k] = $v' <<<"$config")
    done
    put "$name" "$config"
done
