package dev.gpuarb.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gpuarb.cli.GpuarbCli;
import dev.gpuarb.streams.AppConfig;
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
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The project's Markdown documents against the tree and the code: every relative link points at a
 * file that exists (and at a heading of it, when it names one), every Streams setting a document
 * quotes is one the application defines, and every {@code ./gpuarb} command it shows exists.
 */
class DocsAgreeWithTheCodeTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    /** [text](target): the target up to the closing parenthesis, no spaces. */
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern STREAMS_KEY = Pattern.compile("`(gpuarb\\.[a-z0-9.]+[a-z0-9])`");
    private static final Pattern COMMAND = Pattern.compile("(?m)(?:^|[`\\s])\\./gpuarb ([a-z][a-z-]*)(?: ([a-z][a-z-]*))?");

    private static List<Path> documents() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> !ROOT.relativize(p).toString().matches("(.*/)?(target|node_modules|\\.git|\\.gpuarb)/.*"))
                    .filter(p -> !ROOT.relativize(p).startsWith(Path.of("benchmarks", "results")))
                    .sorted().toList();
        }
    }

    @Test
    void everyRelativeLinkPointsAtAFileAndHeadingThatExist() throws IOException {
        List<Path> docs = documents();
        assertThat(docs).as("documents found under " + ROOT).extracting(p -> ROOT.relativize(p).toString())
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
                } else if (anchor != null && Files.isRegularFile(file) && file.toString().endsWith(".md")
                        && !anchors(file).contains(anchor)) {
                    broken.add(where + " -> no heading '" + anchor + "' in " + ROOT.relativize(file));
                }
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void everyStreamsSettingTheDocumentsQuoteIsDefined() throws Exception {
        Set<String> defined = new HashSet<>();
        for (Field f : AppConfig.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                defined.add((String) f.get(null));
            }
        }
        assertThat(defined).as("settings read from AppConfig").contains("gpuarb.apps");
        Set<String> unknown = new TreeSet<>();
        int quoted = 0;
        for (Path doc : documents()) {
            Matcher m = STREAMS_KEY.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                String key = m.group(1);
                if (isStreamsSetting(key)) {
                    quoted++;
                    if (!defined.contains(key) && defined.stream().noneMatch(d -> d.endsWith(".") && key.startsWith(d))) {
                        unknown.add(ROOT.relativize(doc) + ": " + key);
                    }
                }
            }
        }
        assertThat(quoted).as("settings quoted in the documents").isGreaterThan(20);
        assertThat(unknown).as("settings quoted but not defined by the Streams application").isEmpty();
    }

    /** Streams settings, not the names of packages, metrics, topics or files that share the prefix. */
    private static boolean isStreamsSetting(String key) {
        return !key.startsWith("gpuarb.bench.") && !key.startsWith("gpuarb.shared.") && !key.startsWith("gpuarb.timestamp.")
                && !key.matches("gpuarb\\.(fx|throughput\\.override)\\..*") && !key.endsWith(".properties");
    }

    @Test
    void everyGpuarbCommandTheDocumentsShowExists() throws IOException {
        CommandLine cli = new CommandLine(new GpuarbCli());
        Set<String> unknown = new TreeSet<>();
        int shown = 0;
        for (Path doc : documents()) {
            Matcher m = COMMAND.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                shown++;
                CommandLine command = cli.getSubcommands().get(m.group(1));
                if (command == null) {
                    unknown.add(ROOT.relativize(doc) + ": ./gpuarb " + m.group(1));
                } else if (m.group(2) != null && !command.getSubcommands().isEmpty()
                        && !command.getSubcommands().containsKey(m.group(2))) {
                    unknown.add(ROOT.relativize(doc) + ": ./gpuarb " + m.group(1) + " " + m.group(2));
                }
            }
        }
        assertThat(shown).as("commands shown in the documents").isGreaterThan(5);
        assertThat(unknown).as("commands shown but not in the CLI").isEmpty();
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
            String slug = title.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            String unique = slug;
            for (int n = 1; anchors.contains(unique); n++) {
                unique = slug + "-" + n;
            }
            anchors.add(unique);
        }
        return anchors;
    }
}
