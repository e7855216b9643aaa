#!/bin/bash
# Starts the Connect worker with the image's properties plus this container's own REST address.
set -euo pipefail

config=/tmp/connect-distributed.properties
cp /opt/gpuarb/connect-distributed.properties "$config"
address=$(hostname -i | awk '{print $1}')
printf 'rest.advertised.host.name=%s\nrest.advertised.port=8083\n' "$address" >> "$config"

exec /opt/kafka/bin/connect-distributed.sh "$config"
