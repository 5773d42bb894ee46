package io.databroker.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.databroker.testsupport.Pipeline.Service;

/**
 * Command-line options of the local launcher ({@code ./run-local --help}).
 *
 * @param dataDir            everything the local pipeline keeps: Kafka log, Elasticsearch data, Delta tables, Streams
 *                           state, logs; a second start with the same directory reuses it
 * @param buildRoot          the repository checkout holding the built service jars
 * @param replay             feed sample data instead of the live sources
 * @param replayDir          the samples to replay; null = the samples bundled in the launcher jar
 * @param services           the services to run, in start order
 * @param subset             {@code --services} was given: run against an existing Kafka/Elasticsearch, start neither
 * @param kafkaBootstrap     an existing Kafka to use; null = start the embedded broker
 * @param elasticsearchUrl   an existing Elasticsearch to use; null = start the embedded node
 * @param feeds              more feed URLs for ingest-news in live mode (besides the bundled OPML)
 * @param kafkaPort          port of the embedded Kafka broker
 * @param elasticsearchPort  HTTP port of the embedded Elasticsearch node
 * @param managementPorts    HTTP/management port per service
 * @param dnstapPort         ingest-dns' Frame Streams TCP listener
 * @param replayPort         the local HTTP server that serves replayed HTTP sources; fixed by default because the
 *                           served URLs key ingest-news' cursors, so they must not change between runs
 */
record LauncherOptions(Path dataDir, Path buildRoot, boolean replay, Path replayDir, Set<Service> services,
                       boolean subset, String kafkaBootstrap, String elasticsearchUrl, List<String> feeds,
                       int kafkaPort, int elasticsearchPort, Map<Service, Integer> managementPorts, int dnstapPort,
                       int replayPort) {

    static final String USAGE = """
            usage: ./run-local [--replay [DIR]] [--services NAME,...] [--kafka HOST:PORT] [--elasticsearch URL]
                               [--data DIR] [--feeds URL,...] [--kafka-port N] [--elasticsearch-port N]
                               [--management-ports N|N1,...,N7] [--dnstap-port N] [--replay-port N]

            Starts Kafka (KRaft), Elasticsearch and the seven services on this machine; Ctrl-C stops everything.

              --replay [DIR]           replay sample data instead of polling the live sources: the samples bundled in
                                       the launcher (unpacked to DATA/samples), or DIR laid out the same way
                                       (arxiv/*.xml, github/*.json, news/*.rss|*.atom|*.xml, dns/*.dnstap|*.fstrm)
              --services NAMES         run only these services (ingest-arxiv, ingest-github, ingest-news, ingest-dns,
                                       enrich-service, hot-writer, cold-writer) against an existing Kafka and
                                       Elasticsearch: no embedded broker or node is started
              --kafka HOST:PORT        use this Kafka instead of starting one
                                       (with --services the default is $KAFKA_BOOTSTRAP_SERVERS, else 127.0.0.1:9092)
              --elasticsearch URL      use this Elasticsearch instead of starting one
                                       (with --services the default is $ELASTICSEARCH_HOSTS, else http://127.0.0.1:9200)
              --data DIR               Kafka log, Elasticsearch data, Delta tables, logs (default ./data)
              --feeds URLS             more RSS/Atom feeds for ingest-news in live mode, comma-separated
              --kafka-port N           embedded Kafka listener (default 9092)
              --elasticsearch-port N   embedded Elasticsearch HTTP port (default 9200)
              --management-ports PORTS service HTTP/management ports: the first of seven consecutive ones, or one per
                                       service in the order above (default 8081, i.e. 8081-8087)
              --dnstap-port N          ingest-dns' dnstap (Frame Streams) TCP listener (default 6000)
              --replay-port N          HTTP server for replayed arXiv, GitHub and feed samples (default 8090)
              -h, --help               this text

            Environment: GITHUB_TOKEN or BROKER_GITHUB_TOKEN (optional) raises GitHub's rate limit in live mode; any
            other service setting (see README) is passed through to the services.
            """;

    private static final int SERVICE_COUNT = Service.values().length;

    /**
     * Parses the command line. {@code env} supplies the defaults of {@code --kafka}/{@code --elasticsearch} in
     * {@code --services} mode; {@code workingDir} resolves relative paths.
     *
     * @throws IllegalArgumentException with the usage text for {@code --help} and any invalid option
     */
    static LauncherOptions parse(String[] args, Path workingDir, Map<String, String> env) {
        Path data = workingDir.resolve("data");
        boolean replay = false;
        Path replayDir = null;
        Set<Service> services = EnumSet.allOf(Service.class);
        boolean subset = false;
        String kafka = null;
        String elasticsearch = null;
        List<String> feeds = new ArrayList<>();
        int kafkaPort = 9092;
        int elasticsearchPort = 9200;
        Map<Service, Integer> managementPorts = consecutivePorts(Service.INGEST_ARXIV.defaultPort());
        int dnstapPort = 6000;
        int replayPort = 8090;

        List<String> tokens = splitEquals(args);
        for (int i = 0; i < tokens.size(); i++) {
            String option = tokens.get(i);
            switch (option) {
                case "--replay" -> {
                    replay = true;
                    if (i + 1 < tokens.size() && !tokens.get(i + 1).startsWith("-")) {
                        replayDir = workingDir.resolve(tokens.get(++i)).toAbsolutePath().normalize();
                    }
                }
                case "--services" -> {
                    services = serviceSet(value(tokens, ++i, option));
                    subset = true;
                }
                case "--kafka" -> kafka = value(tokens, ++i, option);
                case "--elasticsearch" -> elasticsearch = value(tokens, ++i, option);
                case "--data" -> data = workingDir.resolve(value(tokens, ++i, option));
                case "--feeds" -> Arrays.stream(value(tokens, ++i, option).split(","))
                        .map(String::strip).filter(s -> !s.isEmpty()).forEach(feeds::add);
                case "--kafka-port" -> kafkaPort = port(value(tokens, ++i, option), option);
                case "--elasticsearch-port" -> elasticsearchPort = port(value(tokens, ++i, option), option);
                case "--management-ports" -> managementPorts = managementPorts(value(tokens, ++i, option));
                case "--dnstap-port" -> dnstapPort = port(value(tokens, ++i, option), option);
                case "--replay-port" -> replayPort = port(value(tokens, ++i, option), option);
                case "-h", "--help" -> throw new IllegalArgumentException(USAGE);
                default -> throw new IllegalArgumentException("unknown option " + option + "\n\n" + USAGE);
            }
        }
        if (subset) {
            // A subset joins a pipeline that runs elsewhere: never start servers of our own then.
            kafka = kafka != null ? kafka : env.getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
            elasticsearch = elasticsearch != null ? elasticsearch
                    : env.getOrDefault("ELASTICSEARCH_HOSTS", "http://127.0.0.1:9200");
        }
        if (replay && !feeds.isEmpty()) {
            throw new IllegalArgumentException("--feeds adds live feeds; it cannot be combined with --replay");
        }
        LauncherOptions options = new LauncherOptions(data.toAbsolutePath().normalize(),
                workingDir.toAbsolutePath().normalize(), replay, replayDir, services, subset, kafka, elasticsearch,
                List.copyOf(feeds), kafkaPort, elasticsearchPort, managementPorts, dnstapPort, replayPort);
        options.refuseDuplicatePorts();
        return options;
    }

    /** True when this launcher starts the Kafka broker itself. */
    boolean startsKafka() {
        return kafkaBootstrap == null;
    }

    /** True when this launcher starts the Elasticsearch node itself (only hot-writer needs one). */
    boolean startsElasticsearch() {
        return elasticsearchUrl == null && services.contains(Service.HOT_WRITER);
    }

    /** {@code --opt=value} is the same as {@code --opt value}. */
    private static List<String> splitEquals(String[] args) {
        List<String> tokens = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 2) {
                tokens.add(arg.substring(0, eq));
                tokens.add(arg.substring(eq + 1));
            } else {
                tokens.add(arg);
            }
        }
        return tokens;
    }

    private static Set<Service> serviceSet(String names) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String name : names.split(",")) {
            if (!name.isBlank()) {
                wanted.add(name.strip());
            }
        }
        Set<Service> services = EnumSet.noneOf(Service.class);
        for (String name : wanted) {
            services.add(Arrays.stream(Service.values()).filter(s -> s.module().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown service " + name + "; known: "
                            + Arrays.stream(Service.values()).map(Service::module).collect(Collectors.joining(", ")))));
        }
        if (services.isEmpty()) {
            throw new IllegalArgumentException("--services needs at least one service name");
        }
        return services;
    }

    private static Map<Service, Integer> managementPorts(String value) {
        String[] parts = value.split(",");
        if (parts.length == 1) {
            int first = port(parts[0], "--management-ports");
            if (first + SERVICE_COUNT - 1 > 65535) {
                throw new IllegalArgumentException("--management-ports " + first + ": seven consecutive ports do not fit");
            }
            return consecutivePorts(first);
        }
        if (parts.length != SERVICE_COUNT) {
            throw new IllegalArgumentException("--management-ports takes one port or " + SERVICE_COUNT
                    + " (one per service), got " + parts.length);
        }
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, port(parts[service.ordinal()], "--management-ports"));
        }
        return ports;
    }

    private static Map<Service, Integer> consecutivePorts(int first) {
        Map<Service, Integer> ports = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            ports.put(service, first + service.ordinal());
        }
        return ports;
    }

    private void refuseDuplicatePorts() {
        List<Integer> used = new ArrayList<>();
        services.forEach(service -> used.add(managementPorts.get(service)));
        if (startsKafka()) {
            used.add(kafkaPort);
        }
        if (startsElasticsearch()) {
            used.add(elasticsearchPort);
        }
        if (services.contains(Service.INGEST_DNS)) {
            used.add(dnstapPort);
        }
        if (replay) {
            used.add(replayPort);
        }
        Set<Integer> seen = new HashSet<>();
        List<Integer> twice = used.stream().filter(port -> !seen.add(port)).distinct().toList();
        if (!twice.isEmpty()) {
            throw new IllegalArgumentException("port(s) " + twice + " given to more than one component");
        }
    }

    private static int port(String text, String option) {
        try {
            int port = Integer.parseInt(text.strip());
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException(option + " " + text + ": a port is 1-65535");
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " " + text + ": not a port number");
        }
    }

    private static String value(List<String> tokens, int i, String option) {
        if (i >= tokens.size() || tokens.get(i).startsWith("--")) {
            throw new IllegalArgumentException(option + " needs a value\n\n" + USAGE);
        }
        return tokens.get(i);
    }
}
