#!/bin/bash
# Starts a Streams application with the image's settings plus, from the environment, which
# application(s) to run (GPUARB_APPS: routing, analytics, or both comma-separated), the API token
# (kept out of the command line) and this instance's address for queries between instances.
set -euo pipefail

: "${GPUARB_API_TOKEN:?GPUARB_API_TOKEN is not set}"
: "${GPUARB_APPS:?GPUARB_APPS is not set (routing, analytics, or routing,analytics)}"
settings=/tmp/streams.properties
cp /opt/gpuarb/streams/streams.properties "$settings"
chmod 0600 "$settings"
address=$(hostname -i | awk '{print $1}')
{
    # A backslash is the escape character of a properties file.
    printf 'gpuarb.apps=%s\n' "$GPUARB_APPS"
    printf 'gpuarb.api.token=%s\n' "${GPUARB_API_TOKEN//\\/\\\\}"
    printf 'gpuarb.api.advertised=%s:8090\n' "$address"
} >> "$settings"

# shellcheck disable=SC2086
exec java ${JAVA_OPTS:-} -cp '/opt/gpuarb/streams/lib/*' dev.gpuarb.streams.App "$settings"
