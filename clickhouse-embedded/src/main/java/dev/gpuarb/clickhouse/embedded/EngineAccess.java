package dev.gpuarb.clickhouse.embedded;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What SQL through the front may do inside the engine, as chDB's own configuration: the only user
 * (the one every chDB connection runs as) gets the grants that tables and views need and none of
 * ClickHouse's source grants (FILE, URL, S3, REMOTE, MYSQL, ...), no SYSTEM, BACKUP or dictionary
 * DDL, so the engine itself refuses {@code file()}, {@code url()}, {@code ENGINE = File(...)} and the
 * like; and the settings that name files or servers to read, write or call are fixed.
 * {@link SqlScanner} refuses what chDB does outside these checks.
 */
final class EngineAccess {

    static final List<String> GRANTS = List.of(
            "SHOW",
            "SELECT",
            "INSERT",
            "ALTER",
            "CREATE DATABASE",
            "CREATE TABLE",
            "CREATE VIEW",
            "CREATE TEMPORARY TABLE",
            "DROP",
            "UNDROP TABLE",
            "TRUNCATE",
            "OPTIMIZE",
            "CHECK",
            "KILL QUERY",
            "dictGet");

    /** Settings that read or write a file by path, reach a server, or change how the text is parsed. */
    static final List<String> FIXED_SETTINGS = List.of(
            "format_schema",
            "format_schema_source",
            "output_format_schema",
            "format_template_row",
            "format_template_resultset",
            "input_format_record_errors_file_path",
            "format_avro_schema_registry_url",
            "dialect",
            "polyglot_dialect",
            "allow_experimental_eval_table_function");

    private EngineAccess() {}

    /** Writes the configuration into {@code dir} (which only this process uses) and returns the file to pass to chDB. */
    static Path writeConfig(Path dir) throws IOException {
        Path users = dir.resolve("users.xml");
        String constraints = FIXED_SETTINGS.stream()
                .map(s -> "<" + s + "><readonly/></" + s + ">")
                .collect(Collectors.joining());
        Files.writeString(
                users,
                "<clickhouse>\n"
                        + "  <profiles><default><constraints>" + constraints + "</constraints></default></profiles>\n"
                        + "  <users><default>\n"
                        + "    <password></password>\n"
                        + "    <networks><ip>::/0</ip></networks>\n"
                        + "    <profile>default</profile><quota>default</quota>\n"
                        + "    <grants><query>GRANT " + String.join(", ", GRANTS) + " ON *.*</query></grants>\n"
                        + "  </default></users>\n"
                        + "  <quotas><default/></quotas>\n"
                        + "</clickhouse>\n",
                StandardCharsets.UTF_8);
        Path config = dir.resolve("config.xml");
        Files.writeString(
                config,
                "<clickhouse>\n  <users_config>" + users.toAbsolutePath() + "</users_config>\n</clickhouse>\n",
                StandardCharsets.UTF_8);
        return config;
    }
}
