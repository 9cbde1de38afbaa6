package org.diffumatting.models.unet;

import java.util.List;
import java.util.function.UnaryOperator;
import org.bytedeco.pytorch.Device;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;
import org.diffumatting.common.DmException;
import org.diffumatting.models.nn.Shapes;
import org.diffumatting.models.text.EncodedPrompts;

/**
 * What a UNet is conditioned on for a batch of prompts: the token states c [B, T, D] (cross-attention context) and,
 * when the UNet has a class embedding (class_embed_type "projection"), class labels y [B, D] made from the prompts'
 * sentence embeddings e ({@link EncodedPrompts#sentenceEmbedding}, unit L2 norm) scaled to unit RMS,
 * y = sqrt(D) * e, so that a freshly initialised class_embedding.linear_1 sees inputs of the scale it is
 * initialised for; y is null otherwise.
 */
public record UNetConditioning(Tensor states, Tensor classLabels) {

    /** The conditioning {@code unet} expects from {@code encoded}; a one-line error when the widths do not match. */
    public static UNetConditioning of(EncodedPrompts encoded, UNet2DConditionConfig unet) {
        if (!unet.hasClassEmbedding()) return new UNetConditioning(encoded.hiddenStates(), null);
        Tensor e = encoded.sentenceEmbedding();                                                // [B, D], unit norm
        if (e.size(1) != unet.projectionClassEmbeddingsInputDim()) {
            throw new DmException("the UNet's projection_class_embeddings_input_dim is " + unet.projectionClassEmbeddingsInputDim()
                    + " but the text encoder's sentence embedding has width " + e.size(1));
        }
        return new UNetConditioning(encoded.hiddenStates(), e.mul(new Scalar(Math.sqrt(e.size(1)))));
    }

    /** The rows of each part in turn (e.g. unconditional | conditional for guidance); parts all with or all without y. */
    public static UNetConditioning cat(List<UNetConditioning> parts) {
        TensorVector states = new TensorVector();
        TensorVector labels = new TensorVector();
        for (UNetConditioning p : parts) {
            states.push_back(p.states);
            if (p.classLabels != null) labels.push_back(p.classLabels);
        }
        return new UNetConditioning(torch.cat(states, 0), labels.empty() ? null : torch.cat(labels, 0));
    }

    /** {@code f} applied to the states and, when present, to the class labels. */
    public UNetConditioning map(UnaryOperator<Tensor> f) {
        return new UNetConditioning(f.apply(states), classLabels == null ? null : f.apply(classLabels));
    }

    /** Both tensors as float32 on {@code device}. */
    public UNetConditioning toFloat(Device device) {
        return map(x -> x.to(device, torch.ScalarType.Float));
    }

    /** A one-row conditioning repeated to {@code n} rows (a view, no copy). */
    public UNetConditioning expandRows(long n) {
        return map(x -> {
            long[] shape = Shapes.of(x);                                                       // [1, ...] -> [n, ...]
            shape[0] = n;
            return x.expand(shape);
        });
    }
}
