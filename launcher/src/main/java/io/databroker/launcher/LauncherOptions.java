package io.databroker.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line options of the local launcher.
 *
 * @param dataDir  everything the local pipeline keeps: Kafka log, Elasticsearch data, Delta tables, service logs
 * @param feeds    feed URLs for ingest-news; empty = the bundled demo feed, served on {@code demoFeedPort}
 * @param buildRoot the repository checkout holding the built service jars
 */
record LauncherOptions(Path dataDir, List<String> feeds, Path buildRoot, int kafkaPort, int elasticsearchPort, int demoFeedPort) {

    static final String USAGE = """
            usage: ./run-local [--data DIR] [--feeds URL[,URL...]] [--kafka-port N] [--elasticsearch-port N]
              --data DIR              where Kafka, Elasticsearch, Delta tables and logs live (default ./data)
              --feeds URLS            RSS/Atom feeds for ingest-news (default: a bundled demo feed served locally)
              --kafka-port N          Kafka listener (default 9092)
              --elasticsearch-port N  Elasticsearch HTTP port (default 9200)
            """;

    static LauncherOptions parse(String[] args, Path workingDir) {
        Path data = workingDir.resolve("data");
        List<String> feeds = new ArrayList<>();
        int kafkaPort = 9092;
        int esPort = 9200;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--data" -> data = workingDir.resolve(value(args, ++i, arg));
                case "--feeds" -> feeds.addAll(List.of(value(args, ++i, arg).split(",")));
                case "--kafka-port" -> kafkaPort = Integer.parseInt(value(args, ++i, arg));
                case "--elasticsearch-port" -> esPort = Integer.parseInt(value(args, ++i, arg));
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + arg + "\n" + USAGE);
            }
        }
        return new LauncherOptions(data.toAbsolutePath().normalize(), List.copyOf(feeds),
                workingDir.toAbsolutePath().normalize(), kafkaPort, esPort, 8090);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return args[i];
    }
}
