package org.diffumatting.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.data.build.GreenSetBuilder;
import org.diffumatting.data.build.GreenSetRequest;
import org.diffumatting.data.build.SplitAssigner;
import org.diffumatting.data.composite.CompositeSetBuilder;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceFetcher;
import org.diffumatting.data.stats.ContactSheet;
import org.diffumatting.data.stats.DatasetStats;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dm data}: fetch the pinned sources and build the green-screen training set. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Green-screen training data from real assets: fetch sources, build the green set, statistics, composites.",
        subcommands = {DataCommand.Fetch.class, DataCommand.BuildGreenset.class, DataCommand.Stats.class, DataCommand.BuildComposites.class})
public final class DataCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true,
            description = "Download the pinned sources of docs/DATA.md (npm and Debian archives) into the cache, check their"
                    + " sha256 and extract the files the builder uses. Idempotent: verified archives are not downloaded again.")
    static final class Fetch implements Callable<Integer> {
        @Option(names = "--cache", paramLabel = "DIR",
                description = "Cache folder (default: $DM_CACHE, else ~/.cache/diffumatting).")
        Path cache;

        @Option(names = "--source", paramLabel = "NAME", split = ",",
                description = "Only these sources (comma-separated names from sources.json; default: all).")
        List<String> sources;

        @Override
        public Integer call() {
            SourceCatalog catalog = SourceCatalog.bundled().select(sources);
            new SourceFetcher(CacheLayout.of(cache), System.err).fetchAll(catalog);
            return 0;
        }
    }

    @Command(name = "build-greenset", mixinStandardHelpOptions = true,
            description = {"Build the green-screen training set from the fetched sources plus procedural soft-alpha objects:"
                    + " OUT/image (object on pure green 0,255,0), OUT/alpha, OUT/fg (true colours), one stem per sample,"
                    + " OUT/manifest.jsonl, OUT/ATTRIBUTION.md, OUT/build-report.txt.",
                    "Deterministic (same seed and sources give identical bytes) and resumable (rerun after a crash keeps verified samples)."})
    static final class BuildGreenset implements Callable<Integer> {
        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder of `dm data fetch` (default: $DM_CACHE, else ~/.cache/diffumatting).")
        Path cache;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: data/greenset-<size>).")
        Path out;

        @Option(names = "--size", defaultValue = "128", description = "Sample side in pixels (default: ${DEFAULT-VALUE}).")
        int size;

        @Option(names = "--seed", defaultValue = "20240311", description = "Base seed; each sample derives its randomness from (seed, id) (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--copies", defaultValue = "1", description = "Augmented samples per emoji / clip-art object (default: ${DEFAULT-VALUE}).")
        int copies;

        @Option(names = "--sprite-copies", defaultValue = "12", description = "Augmented samples per soft-alpha effect sprite (default: ${DEFAULT-VALUE}).")
        int spriteCopies;

        @Option(names = "--procedural", defaultValue = "400", paramLabel = "N",
                description = "Procedural samples per generator; 6 generators: hair/fur, feather, smoke/cloud, glass/bubbles, motion blur, wire/lace (default: ${DEFAULT-VALUE}).")
        int perGenerator;

        @Option(names = "--alpha16", description = "Write 16-bit alpha PNGs (default: 8-bit).")
        boolean alpha16;

        @Option(names = "--source", paramLabel = "NAME", split = ",",
                description = "Only these object/sprite sources (twemoji, fluent, noto, openclipart, stk-sprites, freeorion-nebulae); 'none' for procedural only (default: all).")
        List<String> sources;

        @Option(names = "--max-objects", defaultValue = "0", paramLabel = "N",
                description = "At most N objects per source, evenly spaced (0: all; for quick builds).")
        int maxObjects;

        @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: number of cores).")
        Integer threads;

        @Option(names = "--val", defaultValue = "0.05", description = "Fraction of object groups in the val split (default: ${DEFAULT-VALUE}).")
        double val;

        @Option(names = "--test", defaultValue = "0.05", description = "Fraction of object groups in the test split (default: ${DEFAULT-VALUE}).")
        double test;

        @Override
        public Integer call() {
            Path o = out != null ? out : Path.of("data", "greenset-" + size);
            GreenSetRequest req = new GreenSetRequest(cache, o, size, seed, copies, spriteCopies, perGenerator, alpha16, sources,
                    maxObjects, threads != null ? threads : Runtime.getRuntime().availableProcessors(), new SplitAssigner(val, test), 0, true);
            GreenSetBuilder.Result r = new GreenSetBuilder(req, System.err).build();
            System.out.printf("built %d samples in %s (%d reused, %d skipped): %s; %d distinct source objects, %d procedural; %.1f s%n",
                    r.samples(), o, r.reused(), r.skipped(), r.perSplit(), r.distinctObjects(), r.procedural(), r.seconds());
            return 0;
        }
    }

    @Command(name = "stats", mixinStandardHelpOptions = true,
            description = "Print a built set's tables (samples per source and split, object groups per split, soft-pixel fraction"
                    + " distribution, caption vocabulary) and write DIR/contact-sheet.png (samples over a checkerboard).")
    static final class Stats implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "DIR", description = "A folder written by `dm data build-greenset`.")
        Path dir;

        @Option(names = "--grid", defaultValue = "12", description = "Contact sheet columns and rows (default: ${DEFAULT-VALUE}).")
        int grid;

        @Option(names = "--cell", defaultValue = "96", description = "Contact sheet cell size in pixels (default: ${DEFAULT-VALUE}).")
        int cell;

        @Override
        public Integer call() {
            DatasetStats.Stats s = DatasetStats.compute(dir);
            System.out.print(DatasetStats.format(s));
            Path sheet = dir.resolve("contact-sheet.png");
            int n = ContactSheet.write(dir, s.ids(), grid, grid, cell, sheet);
            System.out.printf("%ncontact sheet: %s (%d samples)%n", sheet, n);
            return 0;
        }
    }

    @Command(name = "build-composites", mixinStandardHelpOptions = true,
            description = {"Composite set for matting models: the green set's foregrounds (fg/ + alpha/) on random crops of the real"
                    + " photographs (zoom, crop, flips) with trimaps, using the matting toolkit's compositor.",
                    "Writes OUT/train, OUT/val, OUT/test (image/, alpha/, fg/, bg/, trimap/, manifest.json): foregrounds keep the green"
                    + " set's split and photos are split by name too."})
    static final class BuildComposites implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "GREENSET", description = "A folder written by `dm data build-greenset`.")
        Path greenset;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder (default: GREENSET-composites).")
        Path out;

        @Option(names = "--cache", paramLabel = "DIR", description = "Cache folder of `dm data fetch` (default: $DM_CACHE, else ~/.cache/diffumatting).")
        Path cache;

        @Option(names = "--per-fg", defaultValue = "1", description = "Composites per foreground (default: ${DEFAULT-VALUE}).")
        int perForeground;

        @Option(names = "--seed", defaultValue = "20240311", description = "Seed of the compositor (default: ${DEFAULT-VALUE}).")
        long seed;

        @Option(names = "--max-per-split", defaultValue = "0", paramLabel = "N",
                description = "At most N foregrounds per split, evenly spaced (0: all).")
        int maxPerSplit;

        @Option(names = "--bg-side", defaultValue = "512", description = "Photos are cached shrunk to this larger side (default: ${DEFAULT-VALUE}).")
        int bgSide;

        @Option(names = "--val", defaultValue = "0.15", description = "Fraction of photos held out for val; few photos exist, so more than the objects' 5 %% (default: ${DEFAULT-VALUE}).")
        double val;

        @Option(names = "--test", defaultValue = "0.15", description = "Fraction of photos held out for test (default: ${DEFAULT-VALUE}).")
        double test;

        @Override
        public Integer call() {
            Path o = out != null ? out : greenset.resolveSibling(greenset.getFileName() + "-composites");
            CompositeSetBuilder.Result r = CompositeSetBuilder.build(new CompositeSetBuilder.Request(greenset, o, cache, perForeground, seed,
                    maxPerSplit, bgSide, new SplitAssigner(val, test)), System.err);
            System.out.printf("composites in %s: %s on %d photos%n", o, r.perSplit(), r.backgrounds());
            return 0;
        }
    }
}
