package dev.gpuarb.serde;

import java.nio.ByteBuffer;

/**
 * Confluent's wire format: magic byte 0, the schema id as 4 bytes big-endian, then the Avro binary
 * encoding of the datum. Any Confluent-API registry (Confluent, Apicurio ccompat, Karapace,
 * Redpanda) and any Confluent-compatible consumer reads it.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_SIZE = 5;

    private WireFormat() {}

    /** Writes the 5-byte header into the buffer at its position. */
    static void writeHeader(ByteBuffer buffer, int schemaId) {
        buffer.put(MAGIC_BYTE).putInt(schemaId);
    }

    /**
     * Reads and checks the header, leaving the buffer at the start of the Avro payload.
     *
     * @throws AvroSerdeException when the data is too short or the magic byte is not 0
     */
    static int readHeader(ByteBuffer buffer, String topic) {
        if (buffer.remaining() < HEADER_SIZE) {
            throw new AvroSerdeException(
                    "record on topic " + topic + " is " + buffer.remaining()
                            + " bytes, shorter than the 5-byte Confluent wire-format header: not Avro from a registry serde",
                    topic,
                    null,
                    null,
                    null);
        }
        byte magic = buffer.get();
        if (magic != MAGIC_BYTE) {
            throw new AvroSerdeException(
                    String.format(
                            "unknown magic byte 0x%02x on topic %s: expected 0x00 "
                                    + "(Confluent wire format); the record was not written by a schema-registry Avro serializer",
                            magic, topic),
                    topic,
                    null,
                    null,
                    null);
        }
        return buffer.getInt();
    }
}
