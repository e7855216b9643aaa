package dev.gpuarb.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.Test;

class UnchangedBytesSerdeTest {

    /** A value with identity (records compare by value): what the wrapped codec reads. */
    static final class Text {
        final String text;

        Text(String text) {
            this.text = text;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Text t && t.text.equals(text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
        }
    }

    /** Encodes with a prefix the read bytes lack, so an encode can be told from the bytes as read. */
    private static final Serde<Text> CODEC = Serdes.serdeFrom(
            (topic, t) -> t == null ? null : ("encoded:" + t.text).getBytes(StandardCharsets.UTF_8),
            (topic, b) -> b == null ? null : new Text(new String(b, StandardCharsets.UTF_8)));

    private final UnchangedBytesSerde<Text> serde = new UnchangedBytesSerde<>(CODEC);
    private final Serializer<Text> out = serde.serializer();
    private final Deserializer<Text> in = serde.deserializer();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theObjectReadIsWrittenAsTheBytesItWasReadFrom() {
        byte[] arrived = utf8("a");
        Text read = in.deserialize("in", arrived);

        byte[] written = out.serialize("store", read);

        assertThat(written).isEqualTo(arrived).isNotSameAs(arrived);
        assertThat(out.serialize("store", read)).as("again").isEqualTo(arrived);
    }

    @Test
    void anEqualObjectOrAChangedCopyIsEncoded() {
        Text read = in.deserialize("in", utf8("a"));

        assertThat(out.serialize("store", new Text("a"))).isEqualTo(utf8("encoded:a"));
        assertThat(out.serialize("store", new Text(read.text + "b"))).isEqualTo(utf8("encoded:ab"));
        assertThat(out.serialize("store", null)).isNull();
    }

    @Test
    void eachRecordReadKeepsItsOwnBytes() {
        Text a = in.deserialize("in", utf8("a"));
        Text b = in.deserialize("in", utf8("b"));
        Text alsoA = in.deserialize("in", utf8("a"));

        assertThat(out.serialize("store", a)).isEqualTo(utf8("a"));
        assertThat(out.serialize("store", b)).isEqualTo(utf8("b"));
        assertThat(out.serialize("store", alsoA)).isEqualTo(utf8("a"));
    }

    @Test
    void bytesReusedByTheCallerOrChangedByAWriterDoNotChangeWhatIsRemembered() {
        byte[] buffer = utf8("a");
        Text read = in.deserialize("in", buffer);
        buffer[0] = 'z';
        out.serialize("store", read)[0] = 'y';

        assertThat(out.serialize("store", read)).isEqualTo(utf8("a"));
    }

    @Test
    void onlyTheLastValuesReadAreRemembered() {
        Text oldest = in.deserialize("in", utf8("old"));
        Text kept = in.deserialize("in", utf8("kept"));
        for (int i = 0; i < UnchangedBytesSerde.REMEMBERED - 1; i++) {
            in.deserialize("in", utf8("filler" + i));
        }

        assertThat(out.serialize("store", oldest)).isEqualTo(utf8("encoded:old"));
        assertThat(out.serialize("store", kept)).isEqualTo(utf8("kept"));
    }

    @Test
    void aThreadDoesNotSeeWhatAnotherRead() throws Exception {
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Text readHere = in.deserialize("in", utf8("here"));
            Text readThere =
                    other.submit(() -> in.deserialize("in", utf8("there"))).get();

            assertThat(other.submit(() -> out.serialize("store", readThere)).get())
                    .isEqualTo(utf8("there"));
            assertThat(other.submit(() -> out.serialize("store", readHere)).get())
                    .isEqualTo(utf8("encoded:here"));
            assertThat(out.serialize("store", readThere)).isEqualTo(utf8("encoded:there"));
            assertThat(out.serialize("store", readHere)).isEqualTo(utf8("here"));
        } finally {
            other.shutdownNow();
        }
    }

    @Test
    void nullStaysNull() {
        assertThat(in.deserialize("in", null)).isNull();
        assertThat(out.serialize("store", null)).isNull();
    }
}
