package dev.gpuarb.streams.validate;

import dev.gpuarb.vocab.RejectReason;

/** Why an input was refused: a code of the shared vocabulary (see RejectedRecord.reason) and a sentence. */
public record Rejection(RejectReason reason, String detail) {}
