package org.diffumatting.cli;

import org.diffumatting.models.text.MiniLmTextEncoder;
import org.diffumatting.models.text.TextEncodeRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code dm text encode}: tokenize and encode prompts, print token ids, shape and similarities. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = {"Tokenizes and encodes prompts with a text encoder and prints, per prompt, the token ids"
                + " (specials included, padding excluded), then the hidden-states shape [B, T, D] and the cosine"
                + " similarity matrix of the mask-weighted mean-pooled states.",
                "minilm: the embedded all-MiniLM-L6-v2 (ONNX, offline, D = 384). clip: the tokenizer/ and"
                        + " text_encoder/ of a diffusers Stable Diffusion folder (SD 1.5: D = 768, T = 77)."})
public final class TextEncodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "PROMPT", description = "Prompts to encode (quote each one).")
    List<String> prompts;

    @Option(names = "--encoder", defaultValue = "minilm", paramLabel = "minilm|clip",
            description = "Which text encoder (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--model", paramLabel = "DIR",
            description = "Diffusers SD folder holding tokenizer/ and text_encoder/ (required for --encoder clip).")
    Path model;

    @Option(names = "--max-length", defaultValue = "" + MiniLmTextEncoder.DEFAULT_MAX_LENGTH, paramLabel = "T",
            description = "Token positions per prompt for MiniLM, 2..512 (default: ${DEFAULT-VALUE}); CLIP uses 77.")
    int maxLength;

    @Option(names = "--clip-skip", defaultValue = "0", paramLabel = "K",
            description = "CLIP: use the hidden state K layers before the last, then final_layer_norm (default: 0).")
    int clipSkip;

    @Override
    public Integer call() {
        TextEncodeRequest.Result r = new TextEncodeRequest(encoder, model, maxLength, clipSkip, prompts).run();
        PrintWriter out = spec.commandLine().getOut();
        out.printf("encoder: %s, hidden states %s%n", r.encoderName(), Arrays.toString(r.shape()));
        for (int i = 0; i < r.tokens().size(); i++) {
            TextEncodeRequest.PromptTokens t = r.tokens().get(i);
            out.printf("%d\t%d tokens\t%s\t%s%n", i, t.realTokenIds().length, Arrays.toString(t.realTokenIds()), t.prompt());
        }
        out.println("cosine similarity of mean-pooled states:");
        for (double[] row : r.cosine()) {
            StringBuilder sb = new StringBuilder();
            for (double c : row) {
                sb.append(String.format("%8.4f", c));
            }
            out.println(sb);
        }
        out.flush();
        return 0;
    }
}
