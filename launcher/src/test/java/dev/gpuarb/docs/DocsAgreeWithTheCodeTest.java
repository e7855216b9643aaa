package dev.gpuarb.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.cli.GpuarbCli;
import dev.gpuarb.registry.RegistryClientConfig;
import dev.gpuarb.registry.TlsSettings;
import dev.gpuarb.serde.AvroSerdeConfig;
import dev.gpuarb.streams.config.AppConfig;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SinkConnectorConfig;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.apache.kafka.connect.sink.SinkConnector;
import org.apache.kafka.connect.source.SourceConnector;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The project's Markdown documents against the tree and the code: every relative link points at a
 * file that exists (and at a heading of it, when it names one), every Streams setting a document
 * quotes is one the application defines, every key of a settings table ({@code | key | ...}) is one a
 * connector, the sink, Kafka Connect or the Streams application defines, every {@code gpuarb} command
 * it shows exists, every test class it names exists, and every class it says keeps JSON values does.
 */
class DocsAgreeWithTheCodeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** [text](target): the target up to the closing parenthesis, no spaces. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");

    private static final Pattern STREAMS_KEY = Pattern.compile("`(gpuarb\\.[a-z0-9.]+[a-z0-9])`");
    /** gpuarb or ./gpuarb, a subcommand and maybe its own subcommand, in quoted code (not a path such as .gpuarb/). */
    private static final Pattern COMMAND =
            Pattern.compile("(?<![\\w./-])(?:\\./)?gpuarb ([a-z][a-z-]*)(?: +([a-z][a-z-]*))?");

    private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```");
    /** `code`, which may run over a line break. */
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");
    /** A test class, bare or with its package (or the part of it under the module's root package). */
    private static final Pattern TEST_CLASS = Pattern.compile("(?:[a-z][a-z0-9]*\\.)*[A-Z][A-Za-z0-9]*(?:Test|IT)");
    /** The list a document gives of what keeps JSON values. */
    private static final Pattern JSON_CLAIM = Pattern.compile("\\(`common\\.JsonSerde`:([^)]*)\\)");
    /** A test's fixed number of kills. */
    private static final Pattern KILLS_CONSTANT = Pattern.compile("static final int KILLS = (\\d+);");
    /** Paragraphs and list items. */
    private static final Pattern PARAGRAPH = Pattern.compile("\\n\\s*\\n|\\n(?=\\s*- )");
    /** How often a document says something is killed, within one sentence. */
    private static final Pattern KILL_COUNT =
            Pattern.compile("(?i)\\bkill(?:ed|s|ing)?\\b[^.]*?\\b(?:(once)|(twice)|(\\w+) times)\\b");

    private static final Map<String, Integer> COUNT_WORDS = Map.of(
            "one", 1, "two", 2, "three", 3, "four", 4, "five", 5, "six", 6, "seven", 7, "eight", 8, "nine", 9, "ten",
            10);
    /** A sentence saying topic names (among other things) need no code change. */
    private static final Pattern TOPICS_NEED_NO_CODE = Pattern.compile(
            "(?i)[^.#]*\\b(?:nothing needs code|needs? no code|no code change|without (?:a )?code change)[^.]*\\btopic names\\b[^.]*\\.");
    /** A JSON serde of a value class; group 2 when only its deserializer is used (reading earlier versions). */
    private static final Pattern JSON_SERDE =
            Pattern.compile("JsonSerde\\.of\\((\\w+)\\.class\\)(\\s*\\.deserializer\\(\\))?");

    private static List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p ->
                            !ROOT.relativize(p).toString().matches("(.*/)?(target|node_modules|\\.git|\\.gpuarb)/.*"))
                    .filter(p -> !ROOT.relativize(p).startsWith(Path.of("benchmarks", "results")))
                    .sorted()
                    .toList();
        }
    }

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() throws IOException {
        List<Path> docs = documents();
        assertThat(docs)
                .as("documents found under " + ROOT)
                .extracting(p -> ROOT.relativize(p).toString())
                .contains("README.md", "streams-app/README.md");
        List<String> broken = new ArrayList<>();
        for (Path doc : docs) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto: not checked here (no network)
                }
                int hash = target.indexOf('#');
                String path = hash < 0 ? target : target.substring(0, hash);
                String anchor = hash < 0 ? null : target.substring(hash + 1);
                Path file = path.isEmpty() ? doc : doc.getParent().resolve(path).normalize();
                String where = ROOT.relativize(doc) + ": (" + target + ")";
                if (!Files.exists(file)) {
                    broken.add(where + " -> no such file");
                } else if (anchor != null
                        && Files.isRegularFile(file)
                        && file.toString().endsWith(".md")
                        && !anchors(file).contains(anchor)) {
                    broken.add(where + " -> no heading '" + anchor + "' in " + ROOT.relativize(file));
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyStreamsSettingTheDocumentsQuoteIsDefined() throws Exception {
        Set<String> defined = streamsSettings();
        assertThat(defined).as("settings read from AppConfig").contains("gpuarb.apps");
        Set<String> unknown = new TreeSet<>();
        int quoted = 0;
        for (Path doc : documents()) {
            Matcher m = STREAMS_KEY.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                String key = m.group(1);
                if (isStreamsSetting(key)) {
                    quoted++;
                    if (!defined.contains(key)
                            && defined.stream().noneMatch(d -> d.endsWith(".") && key.startsWith(d))) {
                        unknown.add(ROOT.relativize(doc) + ": " + key);
                    }
                }
            }
        }
        assertThat(quoted).as("settings quoted in the documents").isGreaterThan(20);
        assertThat(unknown)
                .as("settings quoted but not defined by the Streams application")
                .isEmpty();
    }

    /** Streams settings, not the names of packages, metrics, topics or files that share the prefix. */
    private static boolean isStreamsSetting(String key) {
        return !key.startsWith("gpuarb.bench.")
                && !key.startsWith("gpuarb.shared.")
                && !key.startsWith("gpuarb.timestamp.")
                && !key.matches("gpuarb\\.(fx|throughput\\.override)\\..*")
                && !key.endsWith(".properties");
    }

    @Test
    void everyGpuarbCommandTheDocumentsShowExists() throws IOException {
        CommandLine cli = new CommandLine(new GpuarbCli());
        Set<String> unknown = new TreeSet<>();
        int shown = 0;
        for (Path doc : documents()) {
            for (String code : quotedCode(Files.readString(doc, StandardCharsets.UTF_8))) {
                Matcher m = COMMAND.matcher(code);
                while (m.find()) {
                    shown++;
                    CommandLine command = cli.getSubcommands().get(m.group(1));
                    if (command == null) {
                        unknown.add(ROOT.relativize(doc) + ": gpuarb " + m.group(1));
                    } else if (m.group(2) != null
                            && !command.getSubcommands().isEmpty()
                            && !command.getSubcommands().containsKey(m.group(2))) {
                        unknown.add(ROOT.relativize(doc) + ": gpuarb " + m.group(1) + " " + m.group(2));
                    }
                }
            }
        }
        assertThat(shown).as("commands shown in the documents").isGreaterThan(20);
        assertThat(unknown).as("commands shown but not in the CLI").isEmpty();
    }

    /**
     * Keys in the first column of a settings table are checked against what the code defines: the
     * connectors' and the sink's ConfigDefs (found as Connect finds them), Kafka Connect's own connector
     * settings, and the Streams application's (its constants, Kafka Streams' names). A key with a
     * placeholder ({@code gpuarb.fx.<CCY>}) is left to the Streams setting check.
     */
    @Test
    void everyKeyOfASettingsTableIsDefined() throws Exception {
        Set<String> defined =
                constants(AppConfig.class, AvroSerdeConfig.class, RegistryClientConfig.class, TlsSettings.class);
        defined.addAll(StreamsConfig.configDef().names());
        defined.addAll(SinkConnectorConfig.configDef().names());
        defined.addAll(SourceConnectorConfig.configDef().names());
        int connectors = 0;
        for (Class<? extends Connector> kind : List.of(SourceConnector.class, SinkConnector.class)) {
            for (Connector connector : ServiceLoader.load(kind)) {
                if (connector.getClass().getName().startsWith("dev.gpuarb.")) {
                    ConfigDef def = connector.config();
                    defined.addAll(def.names());
                    connectors++;
                }
            }
        }
        assertThat(connectors).as("gpuarb connectors found on the class path").isGreaterThanOrEqualTo(8);
        Set<String> unknown = new TreeSet<>();
        int keys = 0;
        for (Path doc : documents()) {
            boolean keyTable = false;
            for (String line : Files.readAllLines(doc, StandardCharsets.UTF_8)) {
                if (!line.startsWith("|")) {
                    keyTable = false;
                    continue;
                }
                String first = line.split("\\|", -1)[1].trim();
                if (first.equals("key")) {
                    keyTable = true;
                    continue;
                }
                if (!keyTable) {
                    continue;
                }
                Matcher m = CODE_SPAN.matcher(first);
                String previous = "";
                while (m.find()) {
                    // `a.b.location` / `.password`: the second key is the first's sibling.
                    String key = m.group(1).startsWith(".")
                            ? previous.substring(0, previous.lastIndexOf('.')) + m.group(1)
                            : m.group(1);
                    previous = key;
                    if (!key.contains("<")) {
                        keys++;
                        if (!isDefined(key, defined)) {
                            unknown.add(ROOT.relativize(doc) + ": " + key);
                        }
                    }
                }
            }
        }
        assertThat(keys).as("keys in settings tables").isGreaterThan(100);
        assertThat(unknown).as("keys of settings tables that no code defines").isEmpty();
    }

    /**
     * A test class a document names in backticks ({@code RoutingTakeoverTest},
     * {@code integration.ExactlyOnceRecoveryTest}) has a source file, in the named package when one is
     * given. Suites move between the {@code Test} and {@code IT} suffixes, so either file will do.
     */
    @Test
    void everyTestClassTheDocumentsNameExists() throws IOException {
        List<String> testSources = testSources();
        Set<String> missing = new TreeSet<>();
        int named = 0;
        for (Path doc : documents()) {
            Matcher m = CODE_SPAN.matcher(withoutFences(Files.readString(doc, StandardCharsets.UTF_8)));
            while (m.find()) {
                String name = m.group(1);
                if (!TEST_CLASS.matcher(name).matches()) {
                    continue;
                }
                named++;
                String path = name.replace('.', '/');
                String twin = path.endsWith("IT")
                        ? path.substring(0, path.length() - 2) + "Test"
                        : path.substring(0, path.length() - 4) + "IT";
                if (testSources.stream()
                        .noneMatch(s -> s.endsWith("/" + path + ".java") || s.endsWith("/" + twin + ".java"))) {
                    missing.add(ROOT.relativize(doc) + ": " + name);
                }
            }
        }
        assertThat(named).as("test classes named in the documents").isGreaterThan(20);
        assertThat(missing).as("test classes named but not in the tree").isEmpty();
    }

    /**
     * Where a document lists what keeps JSON values ({@code (`common.JsonSerde`: ...)}), each package
     * word or {@code package.Class} it lists holds a value class the Streams application stores with
     * {@code JsonSerde.of(X.class)}, not one it only reads back from earlier versions' JSON.
     */
    @Test
    void whatTheDocumentsSayIsJsonIsStoredAsJson() throws IOException {
        Path streams = ROOT.resolve("streams-app/src/main/java/dev/gpuarb/streams");
        Set<String> stored = new TreeSet<>();
        try (Stream<Path> files = Files.walk(streams)) {
            for (Path source : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = JSON_SERDE.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (m.find()) {
                    if (m.group(2) == null) {
                        stored.add(packageOf(streams, m.group(1)) + "." + m.group(1));
                    }
                }
            }
        }
        assertThat(stored).as("value classes stored as JSON").allMatch(c -> !c.startsWith("?"));
        Set<String> wrong = new TreeSet<>();
        for (Path doc : documents()) {
            Matcher claim = JSON_CLAIM.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (claim.find()) {
                for (String item : claim.group(1).split("[,;]")) {
                    String word = item.trim();
                    Matcher named = CODE_SPAN.matcher(word);
                    while (named.find()) {
                        if (named.group(1).matches("[a-z]+\\.[A-Z]\\w*") && !stored.contains(named.group(1))) {
                            wrong.add(ROOT.relativize(doc) + ": " + named.group(1));
                        }
                    }
                    if (word.matches("[a-z]+")
                            && Files.isDirectory(streams.resolve(word))
                            && stored.stream().noneMatch(c -> c.startsWith(word + "."))) {
                        wrong.add(ROOT.relativize(doc) + ": " + word);
                    }
                }
            }
        }
        assertThat(wrong).as("said to keep JSON values but stored otherwise").isEmpty();
    }

    /**
     * A paragraph that names a test whose source fixes its number of kills ({@code int KILLS = n})
     * and says how often something is killed says n.
     */
    @Test
    void killCountsMatchTheTestsThatKill() throws IOException {
        Map<String, Integer> kills = new TreeMap<>();
        for (String source : testSources()) {
            Matcher m = KILLS_CONSTANT.matcher(Files.readString(ROOT.resolve(source), StandardCharsets.UTF_8));
            if (m.find()) {
                String file = source.substring(source.lastIndexOf('/') + 1);
                kills.put(
                        file.substring(0, file.length() - ".java".length()).replaceFirst("(Test|IT)$", ""),
                        Integer.parseInt(m.group(1)));
            }
        }
        assertThat(kills).as("tests that count their kills").containsKey("ExactlyOnceRecovery");
        Set<String> wrong = new TreeSet<>();
        int checked = 0;
        for (Path doc : documents()) {
            for (String paragraph : PARAGRAPH.split(withoutFences(Files.readString(doc, StandardCharsets.UTF_8)))) {
                for (Map.Entry<String, Integer> test : kills.entrySet()) {
                    if (!Pattern.compile("`(?:[a-z0-9]+\\.)*" + test.getKey() + "(?:Test|IT)`")
                            .matcher(paragraph)
                            .find()) {
                        continue;
                    }
                    Matcher said = KILL_COUNT.matcher(paragraph);
                    while (said.find()) {
                        checked++;
                        Integer n = said.group(1) != null
                                ? Integer.valueOf(1)
                                : said.group(2) != null
                                        ? Integer.valueOf(2)
                                        : COUNT_WORDS.get(said.group(3).toLowerCase(Locale.ROOT));
                        if (!test.getValue().equals(n)) {
                            wrong.add(
                                    ROOT.relativize(doc) + ": '" + said.group().replaceAll("\\s+", " ") + "', but "
                                            + test.getKey() + " kills " + test.getValue() + " times");
                        }
                    }
                }
            }
        }
        assertThat(checked).as("kill counts stated beside the tests").isPositive();
        assertThat(wrong).as("kill counts that differ from the tests").isEmpty();
    }

    /**
     * The Streams applications take their topic names from the catalog, not from settings: no
     * document may say topic names need no code change unless the application has a topic setting.
     */
    @Test
    void noDocumentSaysTheStreamsTopicNamesAreSettingsWhileTheyAreNot() throws Exception {
        boolean streamsTopicSettings =
                streamsSettings().stream().anyMatch(k -> k.startsWith("gpuarb.") && k.contains("topic"));
        Set<String> claims = new TreeSet<>();
        for (Path doc : documents()) {
            Matcher m = TOPICS_NEED_NO_CODE.matcher(withoutFences(Files.readString(doc, StandardCharsets.UTF_8)));
            while (m.find()) {
                claims.add(ROOT.relativize(doc) + ": "
                        + m.group().replaceAll("\\s+", " ").trim());
            }
        }
        if (!streamsTopicSettings) {
            assertThat(claims).as("claims that topic names need no code change").isEmpty();
        }
    }

    private static List<String> testSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.map(p -> ROOT.relativize(p).toString().replace('\\', '/'))
                    .filter(p -> p.contains("/src/test/java/") && p.endsWith(".java") && !p.matches("(.*/)?target/.*"))
                    .toList();
        }
    }

    /** The package (relative to the Streams application's root package) of a class of it. */
    private static String packageOf(Path streams, String simpleName) throws IOException {
        try (Stream<Path> files = Files.walk(streams)) {
            return files.filter(p -> p.getFileName().toString().equals(simpleName + ".java"))
                    .map(p -> streams.relativize(p.getParent()).toString().replace('/', '.'))
                    .findFirst()
                    .orElse("?");
        }
    }

    private static Set<String> streamsSettings() throws IllegalAccessException {
        return constants(AppConfig.class);
    }

    /** The values of the public static String constants of classes that name their settings so. */
    private static Set<String> constants(Class<?>... holders) throws IllegalAccessException {
        Set<String> defined = new HashSet<>();
        for (Class<?> holder : holders) {
            for (Field f : holder.getFields()) {
                if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                    defined.add((String) f.get(null));
                }
            }
        }
        return defined;
    }

    /**
     * Whether a key of a settings table is defined: by name, or under a defined prefix
     * ({@code schema.registry.ssl.}); a key written as a prefix ({@code key.}) or with a wildcard
     * ({@code schema.registry.ssl.keystore.*}) is a family, defined when some name or prefix belongs to it.
     */
    private static boolean isDefined(String key, Set<String> defined) {
        if (defined.contains(key) || defined.stream().anyMatch(d -> d.endsWith(".") && key.startsWith(d))) {
            return true;
        }
        String family = key.endsWith(".*") ? key.substring(0, key.length() - 1) : key.endsWith(".") ? key : null;
        return family != null
                && defined.stream().anyMatch(d -> d.startsWith(family) || family.startsWith(d) && d.endsWith("."));
    }

    /** The text of a document without its fenced blocks. */
    private static String withoutFences(String text) {
        return FENCE.matcher(text).replaceAll("");
    }

    /** What a document quotes as code: the lines of its fenced blocks and its code spans. */
    private static List<String> quotedCode(String text) {
        List<String> code = new ArrayList<>();
        Matcher fence = FENCE.matcher(text);
        while (fence.find()) {
            code.add(fence.group());
        }
        Matcher span = CODE_SPAN.matcher(withoutFences(text));
        while (span.find()) {
            code.add(span.group(1));
        }
        return code;
    }

    /** GitHub's heading anchors: lower case, punctuation dropped, spaces to '-', repeats numbered. */
    private static Set<String> anchors(Path markdown) throws IOException {
        Set<String> anchors = new HashSet<>();
        boolean fence = false;
        for (String line : Files.readAllLines(markdown, StandardCharsets.UTF_8)) {
            if (line.startsWith("```")) {
                fence = !fence;
            }
            if (fence || !line.startsWith("#")) {
                continue;
            }
            String title = line.replaceFirst("^#+\\s*", "").trim();
            String slug = title.toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-');
            String unique = slug;
            for (int n = 1; anchors.contains(unique); n++) {
                unique = slug + "-" + n;
            }
            anchors.add(unique);
        }
        return anchors;
    }
}
