package dev.gpuarb.clickhouse.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScannerTest {

    private static SqlScanner.Statement scan(String text, boolean complete) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return SqlScanner.scan(b, b.length, complete);
    }

    @Test
    void insertWithFormatStartsDataAfterTheFirstNewline() {
        String text = "INSERT INTO t (a, b) FORMAT RowBinary\n\n\u0000\n";
        SqlScanner.Statement st = scan(text, true);
        assertThat(st.kind()).isEqualTo(SqlScanner.Kind.INSERT);
        assertThat(st.insertFormat()).isEqualTo("RowBinary");
        assertThat(text.substring(0, st.headEnd()).strip()).isEqualTo("INSERT INTO t (a, b)");
        // Only one newline belongs to the statement; the blank line is data.
        assertThat(text.substring(st.dataStart())).isEqualTo("\n\u0000\n");
    }

    @Test
    void insertValuesBecomesValuesFormatData() {
        String text = "insert into t values (1, 'a;b'), (2, 'FORMAT x')";
        SqlScanner.Statement st = scan(text, true);
        assertThat(st.kind()).isEqualTo(SqlScanner.Kind.INSERT);
        assertThat(st.insertFormat()).isEqualTo("Values");
        assertThat(text.substring(st.dataStart())).isEqualTo(" (1, 'a;b'), (2, 'FORMAT x')");
        assertThat(st.multiple()).isFalse();
    }

    @Test
    void insertSelectIsAnOrdinaryQuery() {
        SqlScanner.Statement st = scan("INSERT INTO t SELECT * FROM values('a UInt8', 1) FORMAT Native", true);
        assertThat(st.kind()).isEqualTo(SqlScanner.Kind.QUERY);
    }

    @Test
    void partialBufferAsksForMore() {
        assertThat(scan("INSERT INTO t FORMAT RowBin", false).kind()).isEqualTo(SqlScanner.Kind.INCOMPLETE);
        assertThat(scan("INSERT INTO t FORMAT RowBinary", false).kind()).isEqualTo(SqlScanner.Kind.INCOMPLETE);
        assertThat(scan("INSERT INTO t /* FORMAT", false).kind()).isEqualTo(SqlScanner.Kind.INCOMPLETE);
        assertThat(scan("INSERT INTO t FORMAT RowBinary\n", false).kind()).isEqualTo(SqlScanner.Kind.INSERT);
    }

    @Test
    void detectsMultipleStatementsButNotSemicolonsInLiteralsOrComments() {
        assertThat(scan("SELECT 1; SELECT 2", true).multiple()).isTrue();
        assertThat(scan("SELECT 1;;  -- done\n", true).multiple()).isFalse();
        assertThat(scan("SELECT 'a;b', `c;d`, \"e;f\" /* ; */ -- ;\n", true).multiple())
                .isFalse();
        assertThat(scan("SELECT $$;$$", true).multiple()).isFalse();
        assertThat(scan("INSERT INTO t VALUES (1); DROP TABLE t", true).multiple())
                .isFalse();
        assertThat(scan("INSERT INTO t; DROP TABLE t", true).multiple()).isTrue();
    }

    @Test
    void findsTheOutputFormatClause() {
        assertThat(scan("SELECT 1 FORMAT JSONEachRow", true).outputFormat()).isEqualTo("JSONEachRow");
        assertThat(scan("SELECT format FROM t", true).outputFormat()).isNull();
        assertThat(scan("SELECT 1 FORMAT CSV SETTINGS max_threads = 1;", true).outputFormat())
                .isEqualTo("CSV");
        assertThat(scan("SELECT x FROM (SELECT 1 AS x FORMAT TSV)", true).outputFormat())
                .isNull();
    }

    @Test
    void marksSessionStatements() {
        assertThat(scan("  set max_threads = 1", true).firstKeyword()).isEqualTo("SET");
        assertThat(scan("CREATE TEMPORARY TABLE x (a UInt8)", true).temporary()).isTrue();
        assertThat(scan("CREATE TABLE x (a UInt8) ENGINE = Memory", true).temporary())
                .isFalse();
    }

    @Test
    void commentsAndHeredocsEndWhereClickHousesLexerEndsThem() {
        // '//' starts a comment to the end of the line, as '--' does; block comments nest.
        assertThat(scan("SELECT 1 // ';\n; SET max_threads = 7", true).multiple())
                .isTrue();
        assertThat(scan("SELECT 1 // ; not a statement\n", true).multiple()).isFalse();
        assertThat(scan("SELECT 1 /* /* */ '*/ ; SET a = 1; '", true).multiple())
                .isTrue();
        assertThat(scan("SELECT 1 /* /* ; */ ; */", true).multiple()).isFalse();
        assertThat(scan("SELECT 1 # ;\n", true).multiple()).isFalse();
        assertThat(scan("SELECT 1 #; SELECT 2", true).multiple()).isTrue(); // '#' needs a blank or '!' after it
        // A heredoc's tag is anything up to the next '$'; without a closing tag '$' is part of a word.
        assertThat(scan("SELECT $a b$;$a b$", true).multiple()).isFalse();
        assertThat(scan("SELECT 1 AS $x$ ; SET a = 1", true).multiple()).isTrue();
        assertThat(scan("SELECT 1 AS a$b$c; SET a = 1; SELECT $b$", true).multiple())
                .isTrue();
        assertThat(scan("SELECT 1 // comment cut at the buffer's end", false).kind())
                .isEqualTo(SqlScanner.Kind.INCOMPLETE);
        assertThat(scan("INSERT INTO t /* /* */", false).kind()).isEqualTo(SqlScanner.Kind.INCOMPLETE);
        assertThat(scan("INSERT INTO t VALUES ($x$;", false).kind()).isEqualTo(SqlScanner.Kind.INSERT);
    }

    @Test
    void namesWhatReachesFilesOrTheNetwork() {
        for (String sql : List.of(
                "SELECT * FROM file('/etc/passwd', 'LineAsString')",
                "SELECT FILE /* x */ ('a')",
                "SELECT * FROM `File`('a')",
                "SELECT * FROM \"url\"('http://x')",
                "SELECT * FROM s3Cluster('c', 'u')",
                "SELECT * FROM icebergLocal('/x')",
                "INSERT INTO FUNCTION file('x', 'TSV') SELECT 1",
                "INSERT INTO FUNCTION file('x', 'TSV') FORMAT TSV\n1\n",
                "CREATE TABLE t (a UInt8) ENGINE = Kafka SETTINGS kafka_broker_list = 'h:9092'",
                "CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a SETTINGS disk = disk(type = local, path = '/x/')",
                "SELECT 1 INTO OUTFILE 'x'",
                "SELECT 1 INTO -- c\n OUTFILE 'x'",
                "INSERT INTO t FROM INFILE 'x' FORMAT TSV",
                "\\i /etc/passwd",
                "  attach TABLE t FROM '/x' (a UInt8) ENGINE = MergeTree ORDER BY a",
                "SELECT * FROM `fi\\x6ce`('a')")) {
            assertThat(scan(sql, true).forbidden()).as(sql).isNotNull();
        }
        for (String sql : List.of(
                "SELECT file, url FROM t",
                "SELECT 'file(x)' FROM t",
                "SELECT 1 -- file('x')\n",
                "SELECT engine FROM system.tables",
                "CREATE TABLE t (a UInt8) ENGINE = MergeTree ORDER BY a",
                "SELECT * FROM format(JSONEachRow, '{}')",
                "INSERT INTO t VALUES ('file(')",
                "DETACH TABLE t")) {
            assertThat(scan(sql, true).forbidden()).as(sql).isNull();
        }
    }
}
