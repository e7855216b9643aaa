package dev.gpuarb.sink.clickhouse.db;

import com.clickhouse.client.api.query.GenericRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Reads the column layout of a target table, in table order. */
public final class TableColumns {

    private TableColumns() {}

    public static List<TableColumn> of(ClickHouseGateway gateway, String table) {
        List<GenericRecord> rows = gateway.query(
                "SELECT name, type, default_kind FROM system.columns "
                        + "WHERE database = {db:String} AND table = {table:String} ORDER BY position",
                Map.of("db", gateway.database(), "table", table));
        if (rows.isEmpty()) {
            throw new ClickHouseException(
                    "table " + gateway.database() + "." + table + " does not exist (were the migrations applied?)",
                    false);
        }
        List<TableColumn> out = new ArrayList<>();
        for (GenericRecord r : rows) {
            String defaultKind = r.getString("default_kind");
            out.add(new TableColumn(
                    r.getString("name"),
                    r.getString("type"),
                    !defaultKind.isEmpty(),
                    !defaultKind.equals("MATERIALIZED") && !defaultKind.equals("ALIAS")));
        }
        return List.copyOf(out);
    }
}
