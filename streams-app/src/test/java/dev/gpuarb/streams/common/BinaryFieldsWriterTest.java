package dev.gpuarb.streams.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Writer is a drop-in for a DataOutputStream: every value gives the same bytes. */
class BinaryFieldsWriterTest {

    private interface Fields {
        void writeTo(DataOutput out) throws IOException;
    }

    private static byte[] throughStream(Fields fields) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        fields.writeTo(new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    private static byte[] throughWriter(Fields fields, int expectedSize) throws IOException {
        BinaryFields.Writer writer = new BinaryFields.Writer(expectedSize);
        fields.writeTo(writer);
        return writer.toByteArray();
    }

    private static void assertSameBytes(Fields fields) throws IOException {
        byte[] expected = throughStream(fields);
        assertThat(throughWriter(fields, 16)).isEqualTo(expected); // grows as it goes
        assertThat(throughWriter(fields, expected.length + 64)).isEqualTo(expected);
    }

    @Test
    void everyDataOutputMethodWritesWhatADataOutputStreamWrites() throws IOException {
        assertSameBytes(out -> {
            out.write(-3);
            out.write(new byte[] {1, 2, 3});
            out.write(new byte[] {9, 8, 7, 6}, 1, 2);
            out.writeBoolean(true);
            out.writeBoolean(false);
            out.writeByte(0x1ff);
            out.writeShort(-12345);
            out.writeChar('é');
            out.writeInt(Integer.MIN_VALUE);
            out.writeLong(0x0102030405060708L);
            out.writeFloat(Float.NaN);
            out.writeDouble(Double.longBitsToDouble(0x7ff8000000000123L)); // a NaN that is not the canonical one
            out.writeDouble(-0.0);
            out.writeBytes("bytes ü");
            out.writeChars("chars ü");
            out.writeUTF("utf \u0000 ü €");
        });
    }

    @Test
    void stringsOfEveryKindAsTheStaticHelpersWriteThemToAStream() throws IOException {
        String[] strings = {
            null,
            "",
            "aws|us-east-1|p5.48xlarge",
            "zürich",
            "€",
            "a\u007f\u0080b",
            "emoji \uD83D\uDE80 end",
            "\uD800 lone"
        };
        for (String s : strings) {
            assertSameBytes(out -> BinaryFields.writeString(out, s));
        }
        Random random = new Random(20261208);
        for (int n = 0; n < 500; n++) {
            StringBuilder b = new StringBuilder();
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                // mostly ASCII, some Latin-1, some beyond
                int kind = random.nextInt(10);
                b.append((char)
                        (kind < 7
                                ? random.nextInt(0x80)
                                : kind < 9 ? 0x80 + random.nextInt(0x80) : random.nextInt(0xd800)));
            }
            String s = b.toString();
            int around = n;
            assertSameBytes(out -> {
                out.writeLong(around);
                BinaryFields.writeString(out, s);
                out.writeInt(around);
            });
        }
    }

    @Test
    void optionalValuesDecimalsAndBytes() throws IOException {
        assertSameBytes(out -> {
            BinaryFields.writeOptionalDouble(out, null);
            BinaryFields.writeOptionalDouble(out, 3.25);
            BinaryFields.writeOptionalLong(out, null);
            BinaryFields.writeOptionalLong(out, -7L);
            BinaryFields.writeDecimal(out, new BigDecimal("-1234.5678"));
            BinaryFields.writeBytes(out, new byte[] {4, 5, 6});
        });
    }

    @Test
    void resetStartsOverAndKeepsTheArray() {
        BinaryFields.Writer writer = new BinaryFields.Writer(16);
        for (int i = 0; i < 100; i++) {
            writer.writeLong(i);
        }
        int grown = writer.capacity();
        writer.reset();
        writer.writeInt(42);
        assertThat(writer.size()).isEqualTo(4);
        assertThat(writer.capacity()).isEqualTo(grown);
        assertThat(writer.toByteArray()).containsExactly(0, 0, 0, 42);
    }
}
