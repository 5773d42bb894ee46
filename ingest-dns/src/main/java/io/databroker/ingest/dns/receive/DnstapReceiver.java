package io.databroker.ingest.dns.receive;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.databroker.ingest.dns.framestream.FrameStreamReceiver;
import io.databroker.ingest.dns.ingest.DnstapIngest;
import io.databroker.ingest.dns.ingest.IngestMetrics;

/**
 * The dnstap listeners: a TCP socket and/or a Unix-domain socket accepting Frame Streams senders (resolvers). Each
 * accepted connection gets one platform thread from a pool of at most {@code maxConnections}; a sender beyond that
 * is closed at once and counted, so a flood of connections cannot exhaust threads.
 */
public final class DnstapReceiver implements AutoCloseable {

    /** The content type of dnstap in Frame Streams. */
    public static final String DNSTAP_CONTENT_TYPE = "protobuf:dnstap.Dnstap";

    private static final Logger log = LoggerFactory.getLogger(DnstapReceiver.class);
    private static final long ACCEPT_RETRY_MILLIS = 100;

    /**
     * Where and how to listen.
     *
     * @param tcp            TCP address to bind, or null for none
     * @param unixSocket     Unix socket file to create, or null for none
     * @param unixPermissions POSIX permissions of the socket file, e.g. {@code rw-rw----}
     * @param maxConnections senders served at once
     * @param maxFrameSize   larger data frames are skipped
     */
    public record Settings(InetSocketAddress tcp, Path unixSocket, String unixPermissions, int maxConnections,
                           long maxFrameSize) {
    }

    private final Settings settings;
    private final DnstapIngest ingest;
    private final IngestMetrics metrics;
    private final FrameStreamReceiver receiver = new FrameStreamReceiver(DNSTAP_CONTENT_TYPE);
    private final Set<FrameStreamConnection> connections = ConcurrentHashMap.newKeySet();
    private final List<ServerSocketChannel> servers = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private ThreadPoolExecutor pool;
    private volatile boolean running;
    private volatile int tcpPort = -1;

    public DnstapReceiver(Settings settings, DnstapIngest ingest, IngestMetrics metrics) {
        this.settings = settings;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    /** Binds the listeners and starts accepting. */
    public synchronized void start() {
        AtomicInteger threadNumber = new AtomicInteger();
        pool = new ThreadPoolExecutor(0, settings.maxConnections(), 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                r -> daemon(r, "dnstap-connection-" + threadNumber.incrementAndGet()));
        running = true;
        try {
            if (settings.tcp() != null) {
                ServerSocketChannel tcp = ServerSocketChannel.open();
                servers.add(tcp);
                tcp.bind(settings.tcp(), 128);
                tcpPort = ((InetSocketAddress) tcp.getLocalAddress()).getPort();
                accept(tcp, "tcp " + settings.tcp().getHostString() + ":" + tcpPort);
                log.info("dnstap TCP listener on {}:{}", settings.tcp().getHostString(), tcpPort);
            }
            if (settings.unixSocket() != null) {
                Path path = settings.unixSocket();
                removeStaleSocket(path);
                ServerSocketChannel unix = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                servers.add(unix);
                unix.bind(UnixDomainSocketAddress.of(path), 128);
                Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(settings.unixPermissions()));
                accept(unix, "unix " + path);
                log.info("dnstap Unix socket listener on {} ({})", path, settings.unixPermissions());
            }
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot listen for dnstap: " + e.getMessage(), e);
        }
        log.info("dnstap receiver serves at most {} connections at once", settings.maxConnections());
    }

    /** The bound TCP port (useful with port 0), or -1 without a TCP listener. */
    public int tcpPort() {
        return tcpPort;
    }

    /** True while the listeners are accepting. */
    public boolean isAccepting() {
        if (!running) {
            return false;
        }
        for (ServerSocketChannel server : servers) {
            if (!server.isOpen()) {
                return false;
            }
        }
        return !servers.isEmpty();
    }

    private void accept(ServerSocketChannel server, String listener) {
        Thread acceptor = daemon(() -> acceptLoop(server, listener), "dnstap-accept-" + listener.split(" ")[0]);
        acceptors.add(acceptor);
        acceptor.start();
    }

    private void acceptLoop(ServerSocketChannel server, String listener) {
        while (running) {
            SocketChannel channel;
            try {
                channel = server.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                // Transient (e.g. out of file descriptors): keep the listener alive, without spinning on the error.
                log.warn("accepting a dnstap connection on {} failed: {}", listener, e.toString());
                try {
                    Thread.sleep(ACCEPT_RETRY_MILLIS);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                continue;
            }
            String origin = origin(channel, listener);
            FrameStreamConnection connection = new FrameStreamConnection(channel, origin, settings.maxFrameSize(),
                    receiver, ingest, metrics);
            try {
                connections.add(connection);
                pool.execute(() -> {
                    try {
                        connection.run();
                    } finally {
                        connections.remove(connection);
                    }
                });
            } catch (RejectedExecutionException e) {
                connections.remove(connection);
                connection.close();
                metrics.connectionRejected();
                log.warn("dnstap connection from {} refused: {} connections already open (broker.dns.max-connections)",
                        origin, settings.maxConnections());
            }
        }
    }

    private static String origin(SocketChannel channel, String listener) {
        try {
            SocketAddress remote = channel.getRemoteAddress();
            // A Unix-domain peer is usually unnamed; the listener then says enough.
            return remote instanceof InetSocketAddress inet ? "tcp " + inet.getHostString() + ":" + inet.getPort() : listener;
        } catch (IOException e) {
            return listener;
        }
    }

    /** A socket file left by a previous run would make bind fail; anything that is not a socket is left alone. */
    private static void removeStaleSocket(Path path) throws IOException {
        if (Files.exists(path) && !Files.isRegularFile(path) && !Files.isDirectory(path)) {
            Files.delete(path);
        }
    }

    /** Stops accepting, closes every connection (their threads return at once) and waits for them. */
    @Override
    public synchronized void close() {
        running = false;
        for (ServerSocketChannel server : servers) {
            try {
                server.close();
            } catch (IOException e) {
                log.debug("closing a dnstap listener failed", e);
            }
        }
        for (FrameStreamConnection connection : connections) {
            connection.close();
        }
        if (pool != null) {
            pool.shutdown();
            try {
                // Closed sockets end the reads at once; a thread still waiting for Kafka to take a record is
                // interrupted after a grace period (what it read but could not hand over is lost, as at any shutdown).
                if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                    pool.shutdownNow();
                    if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
                        log.warn("dnstap connection threads did not finish within 15 s");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                pool.shutdownNow();
            }
        }
        for (Thread acceptor : acceptors) {
            try {
                acceptor.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (settings.unixSocket() != null) {
            try {
                Files.deleteIfExists(settings.unixSocket());
            } catch (IOException e) {
                log.debug("removing socket file {} failed", settings.unixSocket(), e);
            }
        }
        servers.clear();
        acceptors.clear();
    }

    private static Thread daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        return thread;
    }
}
