package io.databroker.launcher.replay;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A directory of samples to replay, one folder per source, each file in the source's real wire format:
 * <pre>
 *   arxiv/*.xml                  OAI-PMH ListRecords pages, served in name order (resumption tokens are not checked)
 *   github/*.json                GitHub REST "list public events" pages, one per poll in name order
 *   news/*.rss, *.atom, *.xml    RSS or Atom feeds, each a feed of its own
 *   dns/*.dnstap, *.fstrm        dnstap captures (Frame Streams files)
 * </pre>
 * Text files may hold date placeholders ({@code {{rfc1123|iso|date now-Nh}}}), filled in when served.
 */
public record ReplaySamples(Path dir) {

    private static final String BUNDLED = "samples/";
    private static final String BUNDLED_INDEX = BUNDLED + "files.txt";

    /** A replay directory must exist; missing source folders just mean nothing to replay for that source. */
    public ReplaySamples {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("replay directory " + dir + " does not exist");
        }
    }

    /**
     * Copies the samples bundled in the launcher jar into {@code target} (replacing earlier copies, so an upgraded
     * launcher replays its own samples) and returns them.
     */
    public static ReplaySamples unpackBundled(Path target) {
        try {
            for (String name : bundledFiles()) {
                Path file = target.resolve(name);
                Files.createDirectories(file.getParent());
                try (InputStream in = resource(BUNDLED + name)) {
                    Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            return new ReplaySamples(target);
        } catch (IOException e) {
            throw new UncheckedIOException("could not unpack the bundled samples into " + target, e);
        }
    }

    /** The files listed in the jar's {@code samples/files.txt}, relative to {@code samples/}. */
    static List<String> bundledFiles() throws IOException {
        try (InputStream in = resource(BUNDLED_INDEX)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#")).toList();
        }
    }

    public List<Path> arxivPages() {
        return files("arxiv", ".xml");
    }

    public List<Path> githubPages() {
        return files("github", ".json");
    }

    public List<Path> feeds() {
        return files("news", ".rss", ".atom", ".xml");
    }

    public List<Path> dnsCaptures() {
        return files("dns", ".dnstap", ".fstrm");
    }

    private List<Path> files(String source, String... suffixes) {
        Path folder = dir.resolve(source);
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(folder)) {
            return list.filter(Files::isRegularFile)
                    .filter(file -> Stream.of(suffixes).anyMatch(file.getFileName().toString().toLowerCase(Locale.ROOT)::endsWith))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + folder, e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = ReplaySamples.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the launcher jar has no " + name);
        }
        return in;
    }
}
