package io.databroker.testsupport;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialAlteration;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node KRaft Kafka broker (combined broker and controller) running inside this JVM on 127.0.0.1.
 *
 * <p>It runs Kafka's own {@link KafkaRaftServer}, the class behind {@code kafka-server-start.sh}, rather than
 * spring-kafka-test's {@code EmbeddedKafkaKraftBroker} or Kafka's {@code KafkaClusterTestKit} (which the former
 * wraps): the test kit pre-binds its listeners to random wildcard ports ({@code EmbeddedKafkaKraftBroker.kafkaPorts}
 * is stored but never used in 4.1.1) and formats its directories on every start with new random directory ids,
 * refusing an already formatted one, so it can serve neither the launcher's port 9092 nor a data directory that
 * survives a restart. It also enables unstable metadata versions, which production does not run.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaBroker.class);

    private static final String LOOPBACK = "127.0.0.1";
    private static final int NODE_ID = 1;
    private static final int BIND_ATTEMPTS = 3;
    private static final AtomicBoolean exitProceduresReplaced = new AtomicBoolean();

    private static KafkaBroker shared;

    private final KafkaRaftServer server;
    private final int port;
    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final boolean isShared;
    private final AtomicBoolean closed = new AtomicBoolean();
    private int saslSslPort;

    /**
     * A second client listener, {@code SASL_SSL} with SCRAM-SHA-512 over TLS, next to the PLAINTEXT one (which stays
     * the inter-broker listener and the tests' own way in, e.g. to create the SCRAM users).
     *
     * @param tls   the server keystore the listener presents
     * @param users SCRAM-SHA-512 users created at start, name to password
     */
    public record SaslSsl(TestCertificates tls, Map<String, String> users) {
        public SaslSsl {
            users = Map.copyOf(users);
        }
    }

    private KafkaBroker(KafkaRaftServer server, int port, Path logDir, boolean deleteLogDirOnClose, boolean isShared) {
        this.server = server;
        this.port = port;
        this.logDir = logDir;
        this.deleteLogDirOnClose = deleteLogDirOnClose;
        this.isShared = isShared;
    }

    /**
     * The broker shared by every test in this JVM: started on first use on a free port with a temporary log
     * directory, stopped (and its directory deleted) by a shutdown hook. {@link #close()} on it does nothing, so one
     * test cannot take the broker away from the others.
     */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            Path dir = Directories.createTemp("databroker-kafka-");
            KafkaBroker broker;
            try {
                broker = launch(0, dir, true, true);
            } catch (RuntimeException e) {
                Directories.deleteRecursively(dir);
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "kafka-broker-shutdown"));
            shared = broker;
        }
        return shared;
    }

    /**
     * Starts a broker on {@code port} (0 = a free port) that keeps its data in {@code logDir}. A directory that an
     * earlier broker formatted is reused as it is, so topics, records and committed offsets survive a restart.
     * The caller owns the broker and must {@link #close()} it.
     */
    public static KafkaBroker start(int port, Path logDir) {
        try {
            Files.createDirectories(logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create Kafka log directory " + logDir, e);
        }
        return launch(port, logDir.toAbsolutePath(), false, false);
    }

    /** {@code host:port} for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return LOOPBACK + ":" + port;
    }

    /**
     * Starts a broker on free ports with a temporary log directory (deleted on {@link #close()}) that also listens
     * for SASL_SSL clients, with the given SCRAM-SHA-512 users in place before this returns.
     */
    public static KafkaBroker startSaslSsl(SaslSsl saslSsl) {
        Path dir = Directories.createTemp("databroker-kafka-sasl-");
        KafkaBroker broker;
        try {
            broker = launch(0, dir, true, false, saslSsl);
        } catch (RuntimeException e) {
            Directories.deleteRecursively(dir);
            throw e;
        }
        try {
            broker.createScramUsers(saslSsl.users());
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    /** {@code host:port} of the SASL_SSL listener; only on a broker from {@link #startSaslSsl}. */
    public String saslSslBootstrapServers() {
        if (saslSslPort == 0) {
            throw new IllegalStateException("this broker has no SASL_SSL listener; start it with startSaslSsl");
        }
        return LOOPBACK + ":" + saslSslPort;
    }

    /** Client settings for the SASL_SSL listener as {@code user}, trusting the test CA. */
    public Map<String, Object> saslSslClientConfig(TestCertificates tls, String user, String password) {
        Map<String, Object> config = new HashMap<>();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, saslSslBootstrapServers());
        config.put("security.protocol", "SASL_SSL");
        config.put("sasl.mechanism", "SCRAM-SHA-512");
        config.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        config.put("ssl.truststore.location", tls.truststore().toString());
        config.put("ssl.truststore.password", tls.truststorePassword());
        config.put("ssl.truststore.type", "PKCS12");
        return config;
    }

    /** Creates (or replaces) SCRAM-SHA-512 users through the PLAINTEXT listener and waits until the broker knows them. */
    public void createScramUsers(Map<String, String> users) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<UserScramCredentialAlteration> upserts = new ArrayList<>();
            users.forEach((user, password) -> upserts.add(new UserScramCredentialUpsertion(user,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)));
            admin.alterUserScramCredentials(upserts).all().get(30, TimeUnit.SECONDS);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!admin.describeUserScramCredentials(List.copyOf(users.keySet())).all().get(10, TimeUnit.SECONDS)
                    .keySet().containsAll(users.keySet())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("SCRAM users " + users.keySet() + " not visible after 30 s");
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating SCRAM users", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create SCRAM users " + users.keySet() + " on " + bootstrapServers(), e);
        }
    }

    /** The directory holding this broker's metadata log and partitions. */
    public Path logDir() {
        return logDir;
    }

    /** Creates a topic with replication factor 1, since topics are never auto-created on this broker. */
    public void createTopic(String name, int partitions) {
        createTopic(name, partitions, Map.of());
    }

    /**
     * Creates a topic with replication factor 1 and the given topic configs (e.g. {@code cleanup.policy}), and returns
     * once every partition's leader answers. Producing into a partition whose leader is not active yet gets
     * NOT_LEADER_OR_FOLLOWER, and an idempotent producer retrying that batch was seen stuck on
     * OUT_OF_ORDER_SEQUENCE_NUMBER for good (Kafka 4.2, loaded CI machine): tests must not start on that race.
     */
    public void createTopic(String name, int partitions, Map<String, String> configs) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1).configs(configs)))
                    .all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            for (int p = 0; p < partitions; p++) {
                latest.put(new TopicPartition(name, p), OffsetSpec.latest());
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (true) {
                try {
                    admin.listOffsets(latest).all().get(10, TimeUnit.SECONDS);
                    break;
                } catch (ExecutionException notReadyYet) {
                    if (System.nanoTime() > deadline) {
                        throw notReadyYet;
                    }
                    Thread.sleep(50);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + name, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic " + name + " on " + bootstrapServers(), e);
        }
    }

    /**
     * Stops this broker and starts a new one on the same port with the same log directory, as an operator restarting
     * the server does: topics, records, committed offsets and transaction state survive, clients reconnect. Only for
     * a broker from {@link #start(int, Path)}; this instance is closed afterwards, use the returned one.
     */
    public KafkaBroker restart() {
        if (isShared || deleteLogDirOnClose) {
            throw new UnsupportedOperationException("only a broker from KafkaBroker.start(port, logDir) can be restarted");
        }
        stop();
        return launch(port, logDir, false, false);
    }

    /** Stops the broker (and deletes a temporary log directory); a no-op for {@link #shared()}. */
    @Override
    public void close() {
        if (!isShared) {
            stop();
        }
    }

    private void stop() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long started = System.nanoTime();
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDirOnClose) {
            Directories.deleteRecursively(logDir);
        }
        log.info("Kafka broker on {} stopped in {} ms", bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
    }

    private static KafkaBroker launch(int requestedPort, Path logDir, boolean deleteLogDirOnClose, boolean isShared) {
        return launch(requestedPort, logDir, deleteLogDirOnClose, isShared, null);
    }

    private static KafkaBroker launch(int requestedPort, Path logDir, boolean deleteLogDirOnClose, boolean isShared,
                                      SaslSsl saslSsl) {
        replaceExitProcedures();
        QuietLogging.apply();
        RuntimeException lastFailure = null;
        for (int attempt = 1; attempt <= BIND_ATTEMPTS; attempt++) {
            // The controller port is picked afresh on every start: with a static voter set it lives only in the
            // config, not in the metadata log, so a restarted broker may use another one.
            int[] free = FreePorts.distinct(3);
            int port = requestedPort != 0 ? requestedPort : free[0];
            int controllerPort = free[1] != port ? free[1] : free[0];
            int saslSslPort = free[2] != port ? free[2] : free[0];
            long started = System.nanoTime();
            KafkaRaftServer server = null;
            try {
                Properties config = brokerConfig(port, controllerPort, logDir);
                if (saslSsl != null) {
                    addSaslSslListener(config, saslSslPort, saslSsl.tls());
                }
                formatIfNeeded(logDir);
                server = new KafkaRaftServer(new KafkaConfig(config, false), Time.SYSTEM);
                server.startup();
                log.info("Kafka broker on {}:{} started in {} ms (log dir {})", LOOPBACK, port,
                        (System.nanoTime() - started) / 1_000_000, logDir);
                KafkaBroker broker = new KafkaBroker(server, port, logDir, deleteLogDirOnClose, isShared);
                broker.saslSslPort = saslSsl != null ? saslSslPort : 0;
                return broker;
            } catch (RuntimeException e) {
                lastFailure = e;
                if (server != null) {
                    shutdownQuietly(server, e);
                }
                if (!isBindFailure(e)) {
                    break;
                }
                log.warn("Kafka broker could not bind port {} or {} (attempt {} of {})", port, controllerPort,
                        attempt, BIND_ATTEMPTS);
            }
        }
        throw new IllegalStateException("Kafka broker did not start (log dir " + logDir + ")", lastFailure);
    }

    private static Properties brokerConfig(int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@" + LOOPBACK + ":" + controllerPort);
        p.put("controller.listener.names", "CONTROLLER");
        // Bound and advertised on 127.0.0.1 only: kcat and child JVMs connect there, nothing outside this machine can.
        p.put("listeners", "PLAINTEXT://" + LOOPBACK + ":" + port + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + LOOPBACK + ":" + port);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // One node: every internal topic must accept a single replica, or groups, transactions and Streams hang
        // with INVALID_REPLICATION_FACTOR / NOT_ENOUGH_REPLICAS.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions than the defaults (50) make the first group join and first transaction faster.
        p.put("offsets.topic.num.partitions", "5");
        p.put("transaction.state.log.num.partitions", "5");
        p.put("num.partitions", "1");
        // Tests start consumers one at a time; the default 3 s delay would slow every first join.
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are provisioned explicitly, as in production; a typo must fail, not create a topic.
        p.put("auto.create.topics.enable", "false");
        p.put("delete.topic.enable", "true");
        // The log cleaner's default 128 MB dedupe buffer is wasted on test-sized compacted topics.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        return p;
    }

    /** SASL_SSL on its own port, SCRAM-SHA-512 only; the broker's TLS key is the test server certificate. */
    private static void addSaslSslListener(Properties p, int saslSslPort, TestCertificates tls) {
        String address = LOOPBACK + ":" + saslSslPort;
        p.put("listeners", p.getProperty("listeners") + ",SASL_SSL://" + address);
        p.put("advertised.listeners", p.getProperty("advertised.listeners") + ",SASL_SSL://" + address);
        p.put("listener.security.protocol.map", p.getProperty("listener.security.protocol.map") + ",SASL_SSL:SASL_SSL");
        p.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        p.put("listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put("listener.name.sasl_ssl.ssl.keystore.type", "PKCS12");
        p.put("listener.name.sasl_ssl.ssl.keystore.location", tls.serverKeystore().toString());
        p.put("listener.name.sasl_ssl.ssl.keystore.password", tls.keystorePassword());
        p.put("listener.name.sasl_ssl.ssl.key.password", tls.keystorePassword());
    }

    private static void formatIfNeeded(Path logDir) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        // What `kafka-storage.sh format` does; a static voter set (controller.quorum.voters) means no --standalone.
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("could not format Kafka log directory " + logDir, e);
        }
    }

    /**
     * Kafka's fault handlers call {@link Exit#halt} / {@link Exit#exit} on fatal errors, which would kill the test
     * JVM (and with it the test report). We log instead; the test then fails on its own. Set once per JVM.
     */
    private static void replaceExitProcedures() {
        if (exitProceduresReplaced.compareAndSet(false, true)) {
            Exit.setExitProcedure((status, message) ->
                    log.error("Kafka asked to exit the JVM with status {}: {}", status, message, new Throwable("exit")));
            Exit.setHaltProcedure((status, message) ->
                    log.error("Kafka asked to halt the JVM with status {}: {}", status, message, new Throwable("halt")));
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
                return true;
            }
        }
        return false;
    }

    private static void shutdownQuietly(KafkaRaftServer server, RuntimeException cause) {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }
}
