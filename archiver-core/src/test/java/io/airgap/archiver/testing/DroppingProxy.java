package io.airgap.archiver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy on loopback that cuts chosen connections mid-response, the way a flaky network does:
 * connection number n (counted from 1) in {@code dropped} forwards only the first {@code cutAfter}
 * bytes of the server's answer, then closes both sides. Others pass through untouched.
 */
public final class DroppingProxy implements AutoCloseable {
  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "dropping-proxy");
    t.setDaemon(true);
    return t;
  });
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger drops = new AtomicInteger();

  private DroppingProxy(ServerSocket server) {
    this.server = server;
  }

  public static DroppingProxy start(int targetPort, Set<Integer> dropped, int cutAfter) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    DroppingProxy proxy = new DroppingProxy(server);
    proxy.pool.submit(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          int n = proxy.connections.incrementAndGet();
          proxy.pool.submit(() -> proxy.relay(client, targetPort, dropped.contains(n) ? cutAfter : -1));
        } catch (IOException e) {
          return;
        }
      }
    });
    return proxy;
  }

  private void relay(Socket client, int targetPort, int cutAfter) {
    try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      pool.submit(() -> pipe(client, upstream, -1));
      if (pipe(upstream, client, cutAfter)) {
        drops.incrementAndGet();
      }
    } catch (IOException ignored) {
      // one side closed: the connection is over
    }
  }

  /** Copies until EOF, or until {@code limit} bytes (when >= 0); true if it cut the stream. */
  private static boolean pipe(Socket from, Socket to, int limit) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      long sent = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (limit >= 0 && sent + n >= limit) {
          out.write(buf, 0, (int) Math.max(0, limit - sent));
          out.flush();
          from.close();
          to.close();
          return true;
        }
        out.write(buf, 0, n);
        out.flush();
        sent += n;
      }
      to.shutdownOutput();
    } catch (IOException ignored) {
      // closed
    }
    return false;
  }

  public int port() {
    return server.getLocalPort();
  }

  /** How many connections were cut. */
  public int drops() {
    return drops.get();
  }

  @Override
  public void close() throws IOException {
    server.close();
    pool.shutdownNow();
  }
}
