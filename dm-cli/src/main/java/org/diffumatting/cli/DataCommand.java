package org.diffumatting.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.diffumatting.data.fetch.CacheLayout;
import org.diffumatting.data.fetch.SourceCatalog;
import org.diffumatting.data.fetch.SourceFetcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dm data}: fetch the pinned sources and build the green-screen training set. */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "Green-screen training data from real assets: fetch sources, build the green set, statistics, composites.",
        subcommands = {DataCommand.Fetch.class})
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
}
