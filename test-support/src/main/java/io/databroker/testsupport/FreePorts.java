package io.databroker.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/** Finds free TCP ports on the loopback interface for servers that must be told their port up front. */
public final class FreePorts {

    private FreePorts() {
    }

    /** One free loopback port; another process may take it before the caller binds, so callers retry on bind errors. */
    public static int one() {
        return distinct(1)[0];
    }

    /** {@code count} distinct free loopback ports (all sockets stay open until every port is found). */
    public static int[] distinct(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                // No SO_REUSEADDR: a port still in TIME_WAIT from an earlier server must not be handed out again.
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // Closing a listening socket that never accepted cannot lose data.
                }
            }
        }
    }
}
