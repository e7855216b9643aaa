package dev.gpuarb.sink.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.clickhouse.client.api.query.GenericRecord;
import dev.gpuarb.avro.GpuPriceObservation;
import dev.gpuarb.avro.PricingModel;
import dev.gpuarb.avro.TokenPriceObservation;
import dev.gpuarb.sink.clickhouse.db.ClickHouseGateway;
import dev.gpuarb.topics.Topic;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hourly OHLC views over prices in effect, against answers worked out here from the seeded
 * rows: each price holds from its time until the offer's next row, its valid_until, or (the last
 * row without one) the newest row of its source; ties at one millisecond go to the withdrawal, then
 * the highest price, then the later valid_until.
 */
class OhlcInEffectViewIT {

    private static final long HOUR_MS = 3_600_000;
    /** Three days ago at midnight UTC: whole hours, inside every TTL, all in the past. */
    private static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(3, ChronoUnit.DAYS);

    private static ClickHouseGateway ch;
    private static final List<Obs> GPU = new ArrayList<>();
    private static final List<Obs> TOKENS = new ArrayList<>();
    private static final List<GpuPriceObservation> GPU_ROWS = new ArrayList<>();
    private static final List<TokenPriceObservation> TOKEN_ROWS = new ArrayList<>();

    /** One seeded row as the rule reads it; {@code until} null = no expiry. */
    record Obs(String offer, String source, Instant at, double price, Instant until, boolean withdrawn) {}

    /** One row of a view. */
    record Candle(double open, double high, double low, double close, long samples, double mean, double liveSeconds) {}

    @BeforeAll
    static void seed() {
        ch = TestClickHouse.migratedDatabase("ohlc_effect");

        // Source a: its newest row is X's at 05:40, which holds for no time at all.
        gpu("S", "a", at(0, 20), 2.0, null, false); // one price for six hours
        gpu("M", "a", at(1, 0), 3.0, null, false); // changes at 01:45:00.250 ...
        gpu("M", "a", at(1, 45).plusMillis(250), 3.6, at(1, 55), false);
        gpu("M", "a", at(1, 50), 3.6, null, false); // ... confirmed before it expires: one period
        gpu("M", "a", at(2, 10), 3.3, at(2, 50), false); // expires at 02:50, nothing after
        gpu("W", "a", at(0, 5), 1.5, null, false);
        gpu("W", "a", at(0, 30), 1.7, null, false);
        gpu("W", "a", at(0, 45).plusSeconds(30), 9.9, null, true); // withdrawn mid-hour (its price never holds)
        gpu("R", "a", at(0, 0), 2.2, at(0, 30), false); // expires ...
        gpu("R", "a", at(0, 50), 2.2, null, false); // ... listed again at the same price: a new period
        gpu("R", "a", at(1, 20), 2.2, null, true); // withdrawn ...
        gpu("R", "a", at(3, 30), 2.4, null, false); // ... and listed again, until a's newest row
        gpu("T", "a", at(0, 10), 6.0, null, false); // three rows at one millisecond:
        gpu("T", "a", at(0, 10), 6.5, at(0, 20), false); // the highest price,
        gpu("T", "a", at(0, 10), 6.5, null, false); // and of those the one without expiry, holds
        gpu("T", "a", at(1, 0), 6.5, null, false); // a price and a withdrawal at one millisecond:
        gpu("T", "a", at(1, 0), 6.5, null, true); // the withdrawal wins
        gpu("X", "a", at(5, 40), 7.0, null, false);
        // Source b: its newest row is Y's withdrawal at 03:15.
        gpu("B", "b", at(1, 30), 5.0, null, false); // holds until b's newest row, not a's
        gpu("E", "b", at(0, 10), 4.0, at(2, 20), false); // expires before b's newest row
        gpu("F", "b", at(2, 0), 4.4, at(4, 30), false); // holds until its valid_until, past b's newest row
        gpu("Y", "b", at(0, 0), 8.0, null, false);
        gpu("Y", "b", at(3, 15), 8.0, null, true);

        token("TS", "ta", at(0, 15), 2.0, 8.0, null, false); // 3.5 until ta's newest row at 03:00
        token("TC", "ta", at(0, 0), 1.0, 4.0, null, false);
        token("TC", "ta", at(0, 40), 1.2, 4.0, null, false);
        token("TC", "ta", at(1, 30), 1.2, 4.0, null, true);
        token("TT", "ta", at(1, 0), 1.0, 1.0, null, false); // same millisecond: the higher blend (2.0) holds
        token("TT", "ta", at(1, 0), 2.0, 2.0, null, false);
        token("TN", "ta", at(3, 0), 9.0, 9.0, null, false);
        token("TE", "tb", at(0, 30), 10.0, 30.0, at(1, 10), false); // expires; tb's newest row is at 01:40
        token("TF", "tb", at(1, 40), 0.5, 1.5, null, false);

        Seeder.insert(ch, Topic.GPU_PRICES, GPU_ROWS);
        Seeder.insert(ch, Topic.TOKEN_PRICES, TOKEN_ROWS);
    }

    @AfterAll
    static void close() {
        ch.close();
    }

    @Test
    void gpuViewGivesEveryHourOfEveryPriceInEffect() {
        Map<String, Candle> actual = read("SELECT hour, offer_id AS offer, open, high, low, close, samples, mean, "
                + "live_seconds FROM gpu_ohlc_hourly");
        assertMatches(actual, expected(GPU));

        // A few answers spelled out, so the rule above is visibly the one checked.
        for (int h = 0; h <= 5; h++) {
            Candle steady = actual.get(key("S", h));
            assertThat(steady).as("S in hour %d", h).isNotNull();
            assertThat(List.of(steady.open(), steady.close(), steady.high(), steady.low()))
                    .containsOnly(2.0);
            assertThat(steady.liveSeconds()).isEqualTo(h == 0 || h == 5 ? 2400.0 : 3600.0);
        }
        assertThat(actual).doesNotContainKey(key("S", 6)).doesNotContainKey(key("X", 5));
        Candle change = actual.get(key("M", 1));
        assertThat(change.mean()).isCloseTo((3.0 * 2_700_250 + 3.6 * 899_750) / 3_600_000, within(1e-9));
        assertThat(change.samples()).isEqualTo(2);
        assertThat(actual.get(key("W", 0)).liveSeconds()).isEqualTo(2430.0);
        assertThat(actual.get(key("W", 0)).high()).isEqualTo(1.7);
        assertThat(actual.get(key("R", 0)).samples()).isEqualTo(2);
        assertThat(actual).doesNotContainKey(key("R", 2)).containsKey(key("R", 5));
        assertThat(actual.get(key("T", 0)).low()).isEqualTo(6.5);
        assertThat(actual).doesNotContainKey(key("T", 1));
        assertThat(actual.get(key("B", 3)).liveSeconds()).isEqualTo(900.0);
        assertThat(actual.get(key("F", 4)).liveSeconds()).isEqualTo(1800.0);
    }

    @Test
    void tokenViewBlendsThreeToOne() {
        Map<String, Candle> actual = read("SELECT hour, offer_id AS offer, open, high, low, close, samples, mean, "
                + "live_seconds FROM token_ohlc_hourly");
        assertMatches(actual, expected(TOKENS));
        assertThat(actual.get(key("TS", 2)).open()).isEqualTo((3 * 2.0 + 8.0) / 4);
        assertThat(actual.get(key("TT", 1)).open()).isEqualTo(2.0);
    }

    @Test
    void listingColumnsComeWithEachRow() {
        List<GenericRecord> gpu = ch.query("SELECT DISTINCT offer_id, gpu_model, pricing_model, region, provider "
                + "FROM gpu_ohlc_hourly WHERE offer_id = 'S'");
        assertThat(gpu).hasSize(1);
        assertThat(gpu.get(0).getString("gpu_model")).isEqualTo("H100-80GB");
        assertThat(gpu.get(0).getString("pricing_model")).isEqualTo("SPOT");
        assertThat(gpu.get(0).getString("region")).isEqualTo("us-east-1");
        assertThat(gpu.get(0).getString("provider")).isEqualTo("aws");
        List<GenericRecord> tokens =
                ch.query("SELECT DISTINCT model, provider FROM token_ohlc_hourly WHERE offer_id = 'TS'");
        assertThat(tokens).hasSize(1);
        assertThat(tokens.get(0).getString("model")).isEqualTo("gpt-4o");
        assertThat(tokens.get(0).getString("provider")).isEqualTo("openai");
    }

    // --- the answers, worked out from the seeded rows ---

    /** Per offer and hour (key "offer@hourIndex"), from the rows of one table. */
    static Map<String, Candle> expected(List<Obs> rows) {
        Map<String, Instant> newest = new HashMap<>();
        for (Obs o : rows) {
            newest.merge(o.source(), o.at(), (x, y) -> x.isAfter(y) ? x : y);
        }
        Map<String, TreeMap<Instant, Obs>> byOffer = new TreeMap<>();
        // At one millisecond the greatest by (withdrawn, price, valid_until with "none" the latest) holds.
        Comparator<Obs> tie = Comparator.comparing(Obs::withdrawn)
                .thenComparingDouble(Obs::price)
                .thenComparing(o -> o.until() == null ? Instant.MAX : o.until());
        for (Obs o : rows) {
            byOffer.computeIfAbsent(o.offer(), k -> new TreeMap<>())
                    .merge(o.at(), o, (x, y) -> tie.compare(x, y) >= 0 ? x : y);
        }
        Map<String, List<Piece>> pieces = new TreeMap<>();
        for (Map.Entry<String, TreeMap<Instant, Obs>> offer : byOffer.entrySet()) {
            List<Obs> steps = new ArrayList<>(offer.getValue().values());
            int period = 0;
            for (int i = 0; i < steps.size(); i++) {
                Obs s = steps.get(i);
                Obs before = i > 0 ? steps.get(i - 1) : null;
                boolean continues = before != null
                        && !before.withdrawn()
                        && before.price() == s.price()
                        && (before.until() == null || !before.until().isBefore(s.at()));
                if (!continues) {
                    period++;
                }
                if (s.withdrawn()) {
                    continue;
                }
                Instant end;
                if (i + 1 < steps.size()) {
                    Instant next = steps.get(i + 1).at();
                    end = s.until() != null && s.until().isBefore(next) ? s.until() : next;
                } else {
                    end = s.until() != null ? s.until() : newest.get(s.source());
                }
                // Walk the hours the price overlaps, one piece in each.
                long from = s.at().toEpochMilli();
                long to = end.toEpochMilli();
                while (from < to) {
                    long hourStart = Math.floorDiv(from, HOUR_MS) * HOUR_MS;
                    long pieceEnd = Math.min(to, hourStart + HOUR_MS);
                    pieces.computeIfAbsent(offer.getKey() + "@" + hourStart, k -> new ArrayList<>())
                            .add(new Piece(from, pieceEnd, s.price(), period));
                    from = pieceEnd;
                }
            }
        }
        Map<String, Candle> out = new TreeMap<>();
        pieces.forEach((k, list) -> {
            list.sort(Comparator.comparingLong(Piece::from));
            double high = Double.NEGATIVE_INFINITY;
            double low = Double.POSITIVE_INFINITY;
            double weighted = 0;
            long ms = 0;
            Set<Integer> periods = new HashSet<>();
            for (Piece p : list) {
                high = Math.max(high, p.price());
                low = Math.min(low, p.price());
                weighted += p.price() * (p.to() - p.from());
                ms += p.to() - p.from();
                periods.add(p.period());
            }
            String offer = k.substring(0, k.indexOf('@'));
            long hourStart = Long.parseLong(k.substring(k.indexOf('@') + 1));
            out.put(
                    key(offer, Instant.ofEpochMilli(hourStart)),
                    new Candle(
                            list.get(0).price(),
                            high,
                            low,
                            list.get(list.size() - 1).price(),
                            periods.size(),
                            weighted / ms,
                            ms / 1000.0));
        });
        return out;
    }

    record Piece(long from, long to, double price, int period) {}

    // --- helpers ---

    private static void assertMatches(Map<String, Candle> actual, Map<String, Candle> expected) {
        assertThat(actual.keySet()).as("offer hours").containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach((k, e) -> {
            Candle a = actual.get(k);
            assertThat(a.open()).as("open of %s", k).isEqualTo(e.open());
            assertThat(a.high()).as("high of %s", k).isEqualTo(e.high());
            assertThat(a.low()).as("low of %s", k).isEqualTo(e.low());
            assertThat(a.close()).as("close of %s", k).isEqualTo(e.close());
            assertThat(a.samples()).as("samples of %s", k).isEqualTo(e.samples());
            assertThat(a.mean()).as("mean of %s", k).isCloseTo(e.mean(), within(1e-9));
            assertThat(a.liveSeconds()).as("live_seconds of %s", k).isCloseTo(e.liveSeconds(), within(1e-9));
        });
    }

    private static Map<String, Candle> read(String sql) {
        Map<String, Candle> out = new HashMap<>();
        for (GenericRecord r : ch.query(sql)) {
            String k = key(r.getString("offer"), r.getZonedDateTime("hour").toInstant());
            Candle previous = out.put(
                    k,
                    new Candle(
                            r.getDouble("open"),
                            r.getDouble("high"),
                            r.getDouble("low"),
                            r.getDouble("close"),
                            r.getLong("samples"),
                            r.getDouble("mean"),
                            r.getDouble("live_seconds")));
            assertThat(previous).as("one row for %s", k).isNull();
        }
        return out;
    }

    private static String key(String offer, Instant hour) {
        return offer + "@" + Duration.between(T0, hour).toHours();
    }

    private static String key(String offer, int hour) {
        return offer + "@" + hour;
    }

    private static Instant at(int hour, int minute) {
        return T0.plus(Duration.ofHours(hour).plusMinutes(minute));
    }

    private static void gpu(String offer, String source, Instant at, double price, Instant until, boolean withdrawn) {
        GpuPriceObservation row = GpuPriceObservation.newBuilder(SampleRecords.gpuPrice(
                        GPU.size(), at, "H100-80GB", "us-east-1", "aws", PricingModel.SPOT, price))
                .setOfferId(offer)
                .setSource(source)
                .setValidUntil(until)
                .setWithdrawn(withdrawn)
                .build();
        GPU_ROWS.add(row);
        GPU.add(new Obs(offer, source, at, price, until, withdrawn));
    }

    private static void token(
            String offer, String source, Instant at, double input, double output, Instant until, boolean withdrawn) {
        TokenPriceObservation row = TokenPriceObservation.newBuilder()
                .setOfferId(offer)
                .setProvider("openai")
                .setModel("gpt-4o")
                .setProviderModelId("gpt-4o")
                .setUsdPerMillionInput(input)
                .setUsdPerMillionOutput(output)
                .setObservedAt(at)
                .setSource(source)
                .setValidUntil(until)
                .setWithdrawn(withdrawn)
                .build();
        TOKEN_ROWS.add(row);
        TOKENS.add(new Obs(offer, source, at, (3 * input + output) / 4, until, withdrawn));
    }
}
