#!/bin/bash
# Starts the Connect worker with the image's properties plus this container's own REST address.
set -euo pipefail

config=/tmp/connect-distributed.properties
cp /opt/gpuarb/connect-distributed.properties "$config"
address=$(hostname -i | awk '{print $1}')
printf 'rest.advertised.host.name=%s\nrest.advertised.port=8083\n' "$address" >> "$config"

# Only the env config provider may be instantiated, whatever a connector config asks for.
export KAFKA_OPTS="${KAFKA_OPTS:-} -Dorg.apache.kafka.automatic.config.providers=org.apache.kafka.common.config.provider.EnvVarConfigProvider"
exec /opt/kafka/bin/connect-distributed.sh "$config"
