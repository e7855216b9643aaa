package dev.gpuarb.cli.economics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void readsTabSeparatedWithNamesIncludingEscapesAndNulls() {
        Table t = ClickHouseHttp.parse("route_id\tsaving_usd\tnote\nchat\t12.3456789\ta\\tb\\\\c\nbatch\t\\N\t\n");
        assertThat(t.columns()).containsExactly("route_id", "saving_usd", "note");
        assertThat(t.rows()).containsExactly(List.of("chat", "12.3456789", "a\tb\\c"), List.of("batch", "", ""));
    }

    @Test
    void printsAlignedColumnsWithNumbersToSixSignificantDigits() {
        Table t = ClickHouseHttp.parse(
                "route_id\tsaving_usd\trequests\nchat\t12.3456789\t120\nbatch-h100\t0.000123456789\t7\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        t.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "empty");
        List<String> lines = bytes.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines)
                .containsExactly(
                        "route_id     saving_usd  requests",
                        "chat            12.3457       120",
                        "batch-h100  0.000123457         7");
        assertThat(Table.display("2.0")).isEqualTo("2");
        assertThat(Table.display("1e-7")).isEqualTo("0.0000001");
        assertThat(Table.display("aws|us-east-1")).isEqualTo("aws|us-east-1");
    }

    @Test
    void anEmptyAnswerPrintsTheMessage() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ClickHouseHttp.parse("route_id\n").print(new PrintStream(bytes, true, StandardCharsets.UTF_8), "nothing yet");
        assertThat(bytes.toString(StandardCharsets.UTF_8).strip()).isEqualTo("nothing yet");
    }
}
