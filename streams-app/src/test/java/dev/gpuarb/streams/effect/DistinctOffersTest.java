package dev.gpuarb.streams.effect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonMappingException;
import dev.gpuarb.streams.common.JsonSerde;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class DistinctOffersTest {

    /** Three standard errors of the sketch's estimate: a wrong count fails, noise does not. */
    private static final double TOLERANCE = 3 / Math.sqrt(DistinctOffers.EXACT_LIMIT - 1);

    private static DistinctOffers addAll(DistinctOffers start, List<String> ids) {
        DistinctOffers offers = start;
        for (String id : ids) {
            offers = offers.with(id);
        }
        return offers;
    }

    private static List<String> ids(int from, int to) {
        return IntStream.range(from, to)
                .mapToObj(i -> "aws|us-east-1|us-east-1a|p5.48xlarge-" + i + "|SPOT")
                .toList();
    }

    @Test
    void countsSmallSetsExactlyAndIgnoresRepeats() {
        assertThat(DistinctOffers.none().count()).isZero();
        DistinctOffers three = addAll(DistinctOffers.none(), List.of("a", "b", "a", "c", "b", "a"));
        assertThat(three.count()).isEqualTo(3);
        assertThat(three.isExact()).isTrue();
        assertThat(three.with("a")).isSameAs(three);
        assertThat(three.with("")).isSameAs(three);
        assertThat(three.with(null)).isSameAs(three);
    }

    @Test
    void isExactUpToTheLimitAndAnEstimateJustAbove() {
        List<String> ids = ids(0, DistinctOffers.EXACT_LIMIT + 1);
        DistinctOffers atLimit = addAll(DistinctOffers.none(), ids.subList(0, DistinctOffers.EXACT_LIMIT));
        assertThat(atLimit.count()).isEqualTo(DistinctOffers.EXACT_LIMIT);
        assertThat(atLimit.isExact()).isTrue();

        DistinctOffers above = atLimit.with(ids.get(DistinctOffers.EXACT_LIMIT));
        assertThat(above.isExact()).isFalse();
        assertThat((double) above.count())
                .isCloseTo(
                        DistinctOffers.EXACT_LIMIT + 1,
                        org.assertj.core.data.Percentage.withPercentage(100 * TOLERANCE));
    }

    @Test
    void valueDependsOnTheSetOfOffersOnlyNotTheirOrder() {
        List<String> ids = new ArrayList<>(ids(0, 2 * DistinctOffers.EXACT_LIMIT));
        ids.addAll(ids(0, 500)); // repeats
        DistinctOffers inOrder = addAll(DistinctOffers.none(), ids);
        assertThat(inOrder.isExact()).isFalse();
        for (long seed : new long[] {1, 2}) {
            List<String> shuffled = new ArrayList<>(ids);
            Collections.shuffle(shuffled, new Random(seed));
            assertThat(addAll(DistinctOffers.none(), shuffled)).isEqualTo(inOrder);
        }
        assertThat(DistinctOffers.of(ids)).isEqualTo(inOrder);
    }

    @Test
    void mergingEqualsAddingEverythingToOneValue() {
        List<String> left = ids(0, 6000);
        List<String> right = ids(4000, 10000); // overlapping
        DistinctOffers merged = DistinctOffers.of(left).plus(DistinctOffers.of(right));
        assertThat(merged).isEqualTo(addAll(DistinctOffers.of(left), right));
        assertThat(DistinctOffers.of(right).plus(DistinctOffers.of(left))).isEqualTo(merged);
    }

    @Test
    void staysBoundedAndCloseAt100kAnd1MOffers() {
        DistinctOffers offers = DistinctOffers.none();
        int added = 0;
        for (int target : new int[] {100_000, 1_000_000}) {
            offers = addAll(offers, ids(added, target));
            added = target;
            assertThat(offers.serializedSize()).isLessThanOrEqualTo(DistinctOffers.MAX_SERIALIZED_BYTES);
            assertThat((double) offers.count())
                    .isCloseTo(target, org.assertj.core.data.Percentage.withPercentage(100 * TOLERANCE));
            assertThat(offers.isExact()).isFalse();
        }
    }

    @Test
    void roundTripsThroughTheJsonStateAsBase64() {
        DistinctOffers offers = DistinctOffers.of(ids(0, 5000));
        JsonSerde<DistinctOffers> serde = JsonSerde.of(DistinctOffers.class);
        byte[] json = serde.serializer().serialize("t", offers);
        assertThat(new String(json, java.nio.charset.StandardCharsets.UTF_8)).matches("\"[A-Za-z0-9+/=]+\"");
        assertThat(serde.deserializer().deserialize("t", json)).isEqualTo(offers);
    }

    @Test
    void roundTripsTheSmallestSketchesWhichTheLibraryEncodesSpecially() {
        JsonSerde<DistinctOffers> serde = JsonSerde.of(DistinctOffers.class);
        for (DistinctOffers offers : List.of(
                DistinctOffers.none(),
                DistinctOffers.none().with("a"),
                DistinctOffers.none().with("a").with("b"))) {
            DistinctOffers read =
                    serde.deserializer().deserialize("t", serde.serializer().serialize("t", offers));
            assertThat(read).isEqualTo(offers);
            assertThat(read.count()).isEqualTo(offers.count());
            assertThat(read.with("c").count()).isEqualTo(offers.count() + 1);
        }
    }

    @Test
    void addingAnOfferGivesTheBytesOfTheLibrarysUnion() {
        // with() builds exact-mode sketches itself; plus() goes through the library's union.
        List<String> ids = new ArrayList<>(ids(0, DistinctOffers.EXACT_LIMIT + 40));
        Collections.shuffle(ids, new Random(11));
        DistinctOffers offers = DistinctOffers.none();
        for (int i = 0; i < ids.size(); i++) {
            DistinctOffers byUnion = offers.plus(DistinctOffers.of(List.of(ids.get(i))));
            offers = offers.with(ids.get(i));
            assertThat(offers).as("after %d offers", i + 1).isEqualTo(byUnion);
            if (i < DistinctOffers.EXACT_LIMIT) {
                assertThat(offers.count()).isEqualTo(i + 1);
                assertThat(offers.isExact()).isTrue();
            }
        }
        assertThat(offers.isExact()).isFalse();
    }

    @Test
    void rejectsStateThatIsNotASketch() {
        assertThatThrownBy(() -> JsonSerde.MAPPER.readValue("\"bm90IGEgc2tldGNoIGF0IGFsbA==\"", DistinctOffers.class))
                .isInstanceOf(JsonMappingException.class);
    }
}
