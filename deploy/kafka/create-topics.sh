#!/bin/bash
# Creates the topics of the catalog (schemas: dev.gpuarb.topics.Topic) when missing: name,
# partitions, cleanup policy; and the ClickHouse sink's dead-letter topic. A test keeps this list
# equal to the catalog and the dead-letter topics of the shipped connectors.
set -euo pipefail

bootstrap=${BOOTSTRAP_SERVERS:-kafka:19092}
replication=${REPLICATION_FACTOR:-1}
# Event topics keep 14 days (Topic.EVENT_RETENTION_MS); latest-state topics are compacted.
delete="--config cleanup.policy=delete --config retention.ms=1209600000"
compact="--config cleanup.policy=compact --config min.compaction.lag.ms=60000"

create() {
    local topic=$1 partitions=$2 configs=$3
    # shellcheck disable=SC2086
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
        --topic "$topic" --partitions "$partitions" --replication-factor "$replication" $configs
}

create prices.gpu             6 "$delete"
create prices.tokens          3 "$delete"
create endpoint.obs           6 "$delete"
create route.policies         1 "$compact"
create routes.updates         3 "$compact"
create bids.spot              3 "$compact"
create spreads.regional       3 "$delete"
create profiles.time-of-day   3 "$compact"
create latency.endpoints      3 "$delete"
create alerts.arbitrage       3 "$delete"
create prices.rejected        3 "$delete"
create tasks.quotes           3 "$compact"
create margins.tasks          3 "$delete"
create sink.clickhouse.dlq    1 "$delete"

/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --list
