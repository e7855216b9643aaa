#!/bin/bash
# Runs once, on the first start of an empty data volume (the image's init step): Grafana's own
# ClickHouse user, which may only read the gpuarb database. readonly=2 forbids writes and DDL but
# lets the Grafana plugin set per-query settings.
set -euo pipefail

: "${GRAFANA_CLICKHOUSE_PASSWORD:?GRAFANA_CLICKHOUSE_PASSWORD is not set}"
# Inside the SQL string literal a backslash is written as two, a single quote as \'.
password=${GRAFANA_CLICKHOUSE_PASSWORD//\\/\\\\}
password=${password//\'/\\\'}

clickhouse client --user "$CLICKHOUSE_USER" --password "$CLICKHOUSE_PASSWORD" --multiquery <<SQL
CREATE DATABASE IF NOT EXISTS gpuarb;
CREATE USER IF NOT EXISTS grafana IDENTIFIED WITH sha256_password BY '${password}' SETTINGS readonly = 2;
GRANT SELECT ON gpuarb.* TO grafana;
SQL
