package dev.gpuarb.bench.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SampleCounterTest {

    @Test
    void countsSelfTimeByTopFrameAndInclusiveTimeOncePerAreaPerStack() {
        JfrProfile.SampleCounter c = new JfrProfile.SampleCounter();
        c.add(List.of(
                "org.rocksdb.RocksIterator.next0",
                "org.apache.kafka.streams.state.internals.RocksDBStore.range",
                "dev.gpuarb.streams.routing.RouteEngineProcessor.snapshotOffers",
                "dev.gpuarb.streams.routing.RouteEngineProcessor.process"));
        c.add(List.of(
                "com.fasterxml.jackson.core.json.UTF8StreamJsonParser.nextToken",
                "dev.gpuarb.streams.common.JsonSerde$1.deserialize",
                "dev.gpuarb.streams.routing.RouteEngineProcessor.snapshotOffers"));
        c.add(List.of("org.rocksdb.RocksIterator.next0", "java.lang.Thread.run"));
        c.add(List.of("java.lang.Object.wait"));

        ProfileSummary s = c.summary(10);

        assertThat(s.samples()).isEqualTo(4);
        assertThat(s.topFrames().get(0))
                .isEqualTo(new ProfileSummary.Share("org.rocksdb.RocksIterator.next0", 2, 50.0));
        assertThat(s.areas())
                .contains(
                        new ProfileSummary.Share("route engine (streams-app routing)", 2, 50.0),
                        new ProfileSummary.Share("RocksDB (JNI)", 2, 50.0),
                        new ProfileSummary.Share("Jackson", 1, 25.0),
                        new ProfileSummary.Share("JSON serde of store values (streams-app)", 1, 25.0));
        assertThat(s.areas()).extracting(ProfileSummary.Share::name).doesNotHaveDuplicates();
    }

    @Test
    void weighsEachStackByItsWeight() {
        JfrProfile.SampleCounter c = new JfrProfile.SampleCounter();
        c.add(List.of("java.util.Arrays.copyOf", "org.apache.kafka.clients.producer.KafkaProducer.send"), 3_000);
        c.add(List.of("java.lang.String.<init>", "org.apache.avro.io.BinaryDecoder.readString"), 1_000);

        ProfileSummary s = c.summary(10);

        assertThat(s.samples()).isEqualTo(4_000);
        assertThat(s.topFrames().get(0)).isEqualTo(new ProfileSummary.Share("java.util.Arrays.copyOf", 3_000, 75.0));
        assertThat(s.areas())
                .containsExactly(
                        new ProfileSummary.Share("Kafka producer", 3_000, 75.0),
                        new ProfileSummary.Share("Avro", 1_000, 25.0));
    }

    @Test
    void keepsOnlyTheTopEntries() {
        JfrProfile.SampleCounter c = new JfrProfile.SampleCounter();
        for (int i = 0; i < 5; i++) {
            for (int n = 0; n <= i; n++) {
                c.add(List.of("m" + i));
            }
        }
        assertThat(c.summary(2).topFrames())
                .extracting(ProfileSummary.Share::name)
                .containsExactly("m4", "m3");
    }
}
