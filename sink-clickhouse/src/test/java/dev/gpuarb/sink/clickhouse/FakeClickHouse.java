package dev.gpuarb.sink.clickhouse;

import dev.gpuarb.sink.clickhouse.db.ClickHouseException;
import dev.gpuarb.sink.clickhouse.db.RowInserter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stands in for ClickHouse in unit tests: keeps the offsets of inserted rows, drops an insert whose
 * deduplication token it has seen (as MergeTree with a deduplication window does), and fails on
 * request either before the rows land or after they land (the answer is lost).
 */
final class FakeClickHouse implements RowInserter {

    enum Failure { NONE, BEFORE_LANDING, AFTER_LANDING }

    private static final Pattern OFFSET = Pattern.compile("\"_offset\":(\\d+)");

    final List<Long> offsets = new ArrayList<>();
    final Set<String> tokens = new HashSet<>();
    int inserts;
    int deduplicated;
    private Failure next = Failure.NONE;
    private boolean down;

    /** While down every insert fails before anything lands. */
    void setDown(boolean down) {
        this.down = down;
    }

    void failNextInsert(Failure failure) {
        next = failure;
    }

    @Override
    public void insertJsonEachRow(String table, byte[] rows, String token) {
        Failure failure = next;
        next = Failure.NONE;
        if (down || failure == Failure.BEFORE_LANDING) {
            throw new ClickHouseException("connection refused", true);
        }
        inserts++;
        if (token != null && !tokens.add(token)) {
            deduplicated++;
        } else {
            Matcher m = OFFSET.matcher(new String(rows, StandardCharsets.UTF_8));
            while (m.find()) {
                offsets.add(Long.parseLong(m.group(1)));
            }
        }
        if (failure == Failure.AFTER_LANDING) {
            throw new ClickHouseException("connection reset while reading the answer", true);
        }
    }
}
