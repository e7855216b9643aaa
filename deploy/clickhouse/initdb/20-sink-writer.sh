#!/bin/bash
# Runs once, on the first start of an empty data volume (the image's init step): the sink's own
# ClickHouse user. It owns the gpuarb database (its migrations create and alter the tables and
# views) and nothing else: no file(), url(), remote() or s3() sources, no other database, no users.
# Whoever gets its password (e.g. through the Connect REST API) can reach the gpuarb tables only.
set -euo pipefail

: "${CLICKHOUSE_SINK_PASSWORD:?CLICKHOUSE_SINK_PASSWORD is not set}"
# Inside the SQL string literal a backslash is written as two, a single quote as \'.
password=${CLICKHOUSE_SINK_PASSWORD//\\/\\\\}
password=${password//\'/\\\'}

clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE DATABASE IF NOT EXISTS gpuarb;
CREATE USER IF NOT EXISTS gpuarb IDENTIFIED WITH sha256_password BY '${password}';
GRANT ALL ON gpuarb.* TO gpuarb;
SQL
