package dev.gpuarb.throughput;

import dev.gpuarb.vocab.GpuDatasheet;

/**
 * How a model's weights are stored on the GPU: bytes per weight (what decode moves) and the tensor
 * rate its matrix multiplies run at (what prefill and large batches are bound by).
 */
public enum WeightFormat {
    BF16(2.0),
    /** fp8 weights and activations where the GPU has fp8 tensor cores; weight-only fp8 elsewhere. */
    FP8(1.0),
    /** 4-bit weight-only quantisation (AWQ, GPTQ, MXFP4 experts): weights are dequantised to bf16 to multiply. */
    INT4(0.5);

    private final double bytesPerWeight;

    WeightFormat(double bytesPerWeight) {
        this.bytesPerWeight = bytesPerWeight;
    }

    public double bytesPerWeight() {
        return bytesPerWeight;
    }

    /**
     * Dense TFLOPS the matrix multiplies run at. fp8 runs at the fp8 rate where the datasheet has one
     * and at the bf16 rate on GPUs without fp8 (A100 and older: weights are widened to bf16). int4 always
     * runs at the bf16 rate: the weights are widened to bf16 before the multiply, so int4 halves the
     * bytes moved against fp8 but not the arithmetic time.
     */
    public double denseTflops(GpuDatasheet datasheet) {
        if (this == FP8 && datasheet.denseFp8Tflops().isPresent()) {
            return datasheet.denseFp8Tflops().getAsDouble();
        }
        return datasheet.denseBf16Tflops();
    }
}
