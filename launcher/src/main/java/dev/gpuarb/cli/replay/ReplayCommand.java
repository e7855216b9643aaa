package dev.gpuarb.cli.replay;

import dev.gpuarb.avro.RejectedRecord;
import dev.gpuarb.cli.common.ExitCodes;
import dev.gpuarb.cli.kafka.ClusterOptions;
import dev.gpuarb.cli.replay.DumpFiles.Dump;
import dev.gpuarb.cli.replay.DumpFiles.Found;
import dev.gpuarb.cli.replay.RecordSender.ReplayFailedException;
import dev.gpuarb.connectors.core.CommonSourceConfig;
import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.PriceValidity;
import dev.gpuarb.connectors.core.SourceContext;
import dev.gpuarb.connectors.core.TaskMetrics;
import dev.gpuarb.topics.Topic;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gpuarb replay}: reads price dumps through the connectors' own parsers and validation and
 * sends what they produce (prices, and rejections with their reasons) to Kafka, as the connector
 * would from a Connect worker. Delivery is at least once: replaying a file twice sends it twice.
 * Replayed prices are history and never expire (validUntil null) unless {@code --expire} asks for
 * validUntil = send time + the connector's TTL, stamped here as a Connect task stamps it.
 */
@Command(
        name = "replay",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Send the prices in price dumps to Kafka, through the connectors' parsers and checks.",
            "Reads SkyPilot catalog CSVs (<provider>-vms.csv), EC2 spot price history (the TSV of "
                    + "describe-spot-price-history --output text, or its JSON) and LiteLLM price JSON; "
                    + "directories are read recursively, each file recognised by name and content.",
            "Replayed prices are history: they never expire (validUntil null) unless --expire is given."
        },
        footer = {
            "",
            "Exit codes: 0 every file replayed; 1 some files could not be read (the rest were sent); "
                    + "2 bad arguments or no price dump found; 3 Kafka or the schema registry unreachable, or a record "
                    + "refused.",
            "Example: gpuarb replay ../shared/data --set price.max.usd.per.gpu.hour=200",
            "         gpuarb replay --expire current-prices/   (a dump of today's prices, to expire like live ones)"
        })
public final class ReplayCommand implements Callable<Integer> {

    static final int EXIT_SOME_FILES_FAILED = 1;
    static final int EXIT_USAGE = 2;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = "Files or directories of price dumps.")
    List<Path> paths;

    @Option(
            names = "--format",
            paramLabel = "KIND",
            description = "Read every file as this kind instead of recognising it: skypilot, aws-spot, litellm.")
    String format;

    @Option(
            names = {"-s", "--set"},
            paramLabel = "KEY=VALUE",
            description = "A connector setting, as in the connector's config (e.g. price.max.usd.per.gpu.hour=200, "
                    + "aws.spot.product.description=Linux/UNIX, catalog.providers=lambda). Repeatable.")
    Map<String, String> settings = new LinkedHashMap<>();

    @Option(names = "--dry-run", description = "Parse and check everything, send nothing; no cluster needed.")
    boolean dryRun;

    @Option(
            names = "--expire",
            description = "Give each price validUntil = the time it is sent + the connector's "
                    + "price.ttl.ms (default 3 x its poll.interval.ms; set either with --set), so that a dump of current "
                    + "prices expires like live prices unless a connector confirms them. Without it replayed prices never "
                    + "expire (validUntil null), so replayed history keeps its meaning.")
    boolean expire;

    @Option(
            names = "--timeout-s",
            defaultValue = "30",
            description = "How long to wait for Kafka to answer before giving up (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    ClusterOptions cluster;

    private final PrintStream out = System.out;
    private final PrintStream err = System.err;

    @Override
    public Integer call() throws IOException {
        Optional<DumpKind> forced = Optional.empty();
        if (format != null) {
            forced = DumpKind.byLabel(format);
            if (forced.isEmpty()) {
                err.println(
                        "gpuarb replay: unknown --format '" + format + "' (expected skypilot, aws-spot or litellm)");
                return EXIT_USAGE;
            }
        }
        Found found;
        try {
            found = DumpFiles.collect(paths, forced);
        } catch (NoSuchFileException e) {
            err.println("gpuarb replay: " + e.getFile() + ": no such file or directory");
            return EXIT_USAGE;
        }
        if (found.dumps().isEmpty()) {
            err.println("gpuarb replay: no price dump in " + paths + " ("
                    + found.unrecognised().size()
                    + " file(s) of no known kind; expected SkyPilot catalog CSVs, EC2 spot price history TSV/JSON "
                    + "or LiteLLM price JSON, or name the kind with --format)");
            return EXIT_USAGE;
        }
        Map<DumpKind, CommonSourceConfig> sampleConfigs;
        try {
            sampleConfigs = checkSettings(found);
        } catch (ConfigException e) {
            err.println("gpuarb replay: bad connector setting: " + e.getMessage());
            return EXIT_USAGE;
        }

        ReplaySummary summary = new ReplaySummary();
        summary.unrecognised(found.unrecognised());
        Map<String, Object> clientProps = dryRun ? Map.of() : cluster.clientProperties();
        err.printf(
                Locale.ROOT,
                "replay: %d file(s), %,d bytes%s%n",
                found.dumps().size(),
                found.totalBytes(),
                dryRun ? " (dry run)" : " to " + clientProps.get("bootstrap.servers"));
        ReplayProgress progress = new ReplayProgress(
                err, System.console() != null, found.totalBytes(), found.dumps().size());
        try (RecordSender sender = dryRun
                ? RecordSender.dryRun()
                : RecordSender.kafka(clientProps, topicsOf(sampleConfigs), Duration.ofSeconds(timeoutSeconds))) {
            for (Dump dump : found.dumps()) {
                replay(dump, sender, summary, progress);
            }
            sender.flush();
        } catch (ReplayFailedException e) {
            progress.finish();
            summary.print(out, dryRun);
            err.println("gpuarb replay: " + e.getMessage());
            return ExitCodes.ENVIRONMENT;
        }
        progress.finish();
        summary.print(out, dryRun);
        return summary.anyFailed() ? EXIT_SOME_FILES_FAILED : 0;
    }

    /** Builds each kind's configuration once, so that a bad setting stops the replay before anything is sent. */
    private Map<DumpKind, CommonSourceConfig> checkSettings(Found found) {
        Map<DumpKind, CommonSourceConfig> configs = new EnumMap<>(DumpKind.class);
        for (Dump dump : found.dumps()) {
            configs.computeIfAbsent(dump.kind(), kind -> kind.config(dump.file(), settings));
        }
        return configs;
    }

    private static Set<String> topicsOf(Map<DumpKind, CommonSourceConfig> configs) {
        Set<String> topics = new LinkedHashSet<>();
        for (CommonSourceConfig config : configs.values()) {
            for (Topic t : List.of(Topic.GPU_PRICES, Topic.TOKEN_PRICES, Topic.REJECTED)) {
                topics.add(config.topicName(t));
            }
        }
        return topics;
    }

    private void replay(Dump dump, RecordSender sender, ReplaySummary summary, ReplayProgress progress)
            throws ReplayFailedException {
        TaskMetrics metrics = new TaskMetrics();
        CommonSourceConfig config = dump.kind().config(dump.file(), settings);
        double units = Math.max(1, estimatedUnits(dump));
        String name = dump.file().getFileName().toString();
        long sent = 0;
        long rejected = 0;
        Clock clock = Clock.systemUTC();
        PriceValidity validity = expire ? config.priceValidity() : PriceValidity.NEVER_EXPIRES;
        try (PriceSource source = dump.kind().source(config, SourceContext.of(config, metrics, clock))) {
            do {
                List<Emission> emissions = source.poll(OffsetLookup.none());
                for (Emission e : emissions) {
                    String topic = config.topicName(e.topic());
                    send(sender, topic, e, validity.stamp(e.value(), clock.instant()));
                    summary.sent(topic);
                    if (e.value() instanceof RejectedRecord r) {
                        summary.rejected(r.getReason());
                        rejected++;
                    }
                }
                sent += emissions.size();
                progress.advance(emissions.size(), dump.bytes(), processed(metrics, rejected) / units, name);
            } while (source.hasMoreNow());
        } catch (ReplayFailedException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReplayFailedException("interrupted", e);
        } catch (Exception e) {
            summary.failed(dump.file(), e.toString());
            progress.fileDone(
                    dump.bytes(),
                    dump.kind().label() + " " + dump.file() + ": FAILED after " + sent + " records: " + e.getMessage());
            return;
        }
        summary.fileRead(dump.kind());
        summary.skipped(metrics.skippedByWhy());
        summary.unknownRegions(metrics.unknownRegions());
        summary.unchanged(metrics.unchanged());
        progress.fileDone(
                dump.bytes(),
                String.format(
                        Locale.ROOT,
                        "%s %s: %,d records, %,d rejected",
                        dump.kind().label(),
                        dump.file(),
                        sent,
                        rejected));
    }

    private static void send(RecordSender sender, String topic, Emission e, SpecificRecord value)
            throws ReplayFailedException {
        try {
            sender.send(topic, e.key(), value);
        } catch (KafkaException ex) {
            // Serialisation needs the registry; metadata needs the broker: either way, stop rather than skip.
            throw new ReplayFailedException(
                    "sending to " + topic + " failed: " + ex.getMessage()
                            + (ex.getCause() != null ? " (" + ex.getCause().getMessage() + ")" : ""),
                    ex);
        }
    }

    /** Inputs the source has looked at so far: accepted, skipped on purpose, rejected. */
    private static double processed(TaskMetrics metrics, long rejected) {
        return metrics.accepted()
                + metrics.skippedByWhy().values().stream()
                        .mapToLong(Long::longValue)
                        .sum()
                + rejected;
    }

    /** Roughly how many inputs a file holds, for the progress bar: lines of a TSV, price elements of a JSON. */
    private static long estimatedUnits(Dump dump) {
        if (dump.kind() != DumpKind.AWS_SPOT) {
            return 1;
        }
        try {
            String text = Files.readString(dump.file(), StandardCharsets.ISO_8859_1);
            String marker = dump.file().toString().toLowerCase(Locale.ROOT).endsWith(".json") ? "\"SpotPrice\"" : "\n";
            long n = 0;
            for (int i = text.indexOf(marker); i >= 0; i = text.indexOf(marker, i + marker.length())) {
                n++;
            }
            return n;
        } catch (IOException e) {
            return 1;
        }
    }
}
