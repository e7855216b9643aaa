package dev.gpuarb.connectors.awsspot;

import dev.gpuarb.connectors.core.DocumentFetcher;
import dev.gpuarb.connectors.core.Emission;
import dev.gpuarb.connectors.core.LastSentPrices;
import dev.gpuarb.connectors.core.OffsetLookup;
import dev.gpuarb.connectors.core.ParseResult;
import dev.gpuarb.connectors.core.PriceItem;
import dev.gpuarb.connectors.core.PriceSource;
import dev.gpuarb.connectors.core.RefusedFetchException;
import dev.gpuarb.connectors.core.Rejection;
import dev.gpuarb.connectors.core.SourceContext;
import dev.gpuarb.connectors.core.TaskMetrics;
import dev.gpuarb.topics.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Replays spot price history dumps. Each file is a source partition {@code {source, location}}
 * whose offset is the number of units (lines or array elements) already read. On start, the units
 * before the committed offset are read again without sending, to rebuild the last price per offer
 * so that change-only emission continues exactly where it stopped. A file that grows is read on.
 */
public final class AwsSpotReplaySource implements PriceSource {

    public static final String SOURCE = "aws-spot-replay";
    static final String OFFSET_POSITION = "position";

    private final AwsSpotConfig config;
    private final SpotPriceMapper mapper;
    private final DocumentFetcher documents;
    private final TaskMetrics metrics;
    private final Clock clock;
    private final LastSentPrices lastSent = new LastSentPrices();
    private final List<FileCursor> files = new ArrayList<>();
    private boolean started;
    private boolean more;

    private static final class FileCursor {
        final String location;
        List<SpotHistoryUnits.Unit> units = List.of();
        int position;
        int lastLength = -1;

        FileCursor(String location) {
            this.location = location;
        }

        Map<String, Object> partition() {
            return Map.of("source", SOURCE, "location", location);
        }
    }

    public AwsSpotReplaySource(AwsSpotConfig config, SourceContext context) {
        this.config = config;
        this.mapper = new SpotPriceMapper(
                SOURCE,
                config.productDescriptions(),
                config.instanceFamilies(),
                config.currencyRates(),
                config.priceLimits());
        this.documents = context.documents();
        this.metrics = context.metrics();
        this.clock = context.clock();
        config.replayLocations().forEach(l -> files.add(new FileCursor(l)));
    }

    @Override
    public String sourceId() {
        return SOURCE;
    }

    @Override
    public List<Emission> poll(OffsetLookup offsets) throws Exception {
        if (!started) {
            resume(offsets);
            started = true;
        }
        List<Emission> out = new ArrayList<>();
        int budget = config.replayBatchSize();
        boolean unread = false;
        // Positions and last-sent prices move only once every file was read: when a later file fails
        // to load, the next poll reads the earlier files' units again instead of skipping them.
        int[] positions = new int[files.size()];
        LastSentPrices.Pending sent = lastSent.pending();
        for (int i = 0; i < files.size(); i++) {
            FileCursor file = files.get(i);
            if (file.position >= file.units.size()) {
                load(file); // a file that grew since the last read is read on
            }
            int position = file.position;
            while (budget > 0 && position < file.units.size()) {
                readUnit(file, position, sent, out);
                position++;
                budget--;
            }
            positions[i] = position;
            unread |= position < file.units.size();
        }
        for (int i = 0; i < files.size(); i++) {
            files.get(i).position = positions[i];
        }
        sent.commit();
        more = unread;
        return out;
    }

    /** History does not expire unless asked ({@code replay.expire}); nothing here re-confirms it either. */
    @Override
    public boolean pricesExpire() {
        return config.replayExpire();
    }

    @Override
    public boolean hasMoreNow() {
        return more;
    }

    private void resume(OffsetLookup offsets) throws Exception {
        List<Map<String, Object>> partitions =
                files.stream().map(FileCursor::partition).toList();
        Map<Map<String, Object>, Map<String, Object>> committed = offsets.offsets(partitions);
        for (FileCursor file : files) {
            load(file);
            Map<String, Object> offset = committed == null ? null : committed.get(file.partition());
            int position = offset != null && offset.get(OFFSET_POSITION) instanceof Number n ? n.intValue() : 0;
            LastSentPrices.Pending rebuilt = lastSent.pending();
            for (int i = 0; i < Math.min(position, file.units.size()); i++) {
                readUnit(file, i, rebuilt, null);
            }
            rebuilt.commit();
            file.position = position;
        }
    }

    private void load(FileCursor file) throws Exception {
        try {
            String text = new String(documents.fetch(file.location), StandardCharsets.UTF_8);
            // An unterminated last line is read only once the file has stopped growing between two
            // looks: until then it may be half written by whoever appends to it.
            boolean settled = text.length() == file.lastLength;
            file.lastLength = text.length();
            file.units = SpotHistoryUnits.cut(text, file.location, SOURCE, settled);
        } catch (RefusedFetchException e) {
            file.units = List.of(new SpotHistoryUnits.Unit(null, e.toRejection(SOURCE)));
        }
    }

    /** Maps one unit; sends it into {@code out} unless that is null (rebuilding after a restart). */
    private void readUnit(FileCursor file, int index, LastSentPrices.Pending sent, List<Emission> out) {
        boolean send = out != null;
        SpotHistoryUnits.Unit unit = file.units.get(index);
        ParseResult result = new ParseResult();
        if (unit.rejection() != null) {
            result.reject(unit.rejection());
        } else if (unit.event() != null) {
            mapper.map(unit.event(), result);
        }
        Map<String, Object> offset = Map.of(OFFSET_POSITION, index + 1);
        for (PriceItem item : result.accepted()) {
            boolean changed = sent.changed(item);
            if (send && changed) {
                out.add(new Emission(item.topic(), item.key(), item.value(), file.partition(), offset));
            } else if (send) {
                metrics.unchanged(1);
            }
        }
        if (send) {
            metrics.parsed(result);
            for (Rejection r : result.rejected()) {
                out.add(new Emission(Topic.REJECTED, r.source(), r.toAvro(clock.instant()), file.partition(), offset));
            }
        }
    }
}
