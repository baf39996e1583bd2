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
 * bytes of the server's answer, then closes both sides. Others pass through untouched. Or, with
 * {@link #cuttingFirst}, the first connections whose answer grows that long.
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
  /** With {@link #cuttingFirst}: how many connections may still be cut; unlimited otherwise. */
  private final AtomicInteger cutsLeft;

  private DroppingProxy(ServerSocket server, int maxCuts) {
    this.server = server;
    this.cutsLeft = new AtomicInteger(maxCuts);
  }

  public static DroppingProxy start(int targetPort, Set<Integer> dropped, int cutAfter) throws IOException {
    return start(targetPort, dropped::contains, cutAfter, Integer.MAX_VALUE);
  }

  /**
   * Cuts the first {@code count} connections whose answer reaches {@code cutAfter} bytes, whichever
   * they are: a client that pools its connections still meets the cut.
   */
  public static DroppingProxy cuttingFirst(int targetPort, int count, int cutAfter) throws IOException {
    return start(targetPort, n -> true, cutAfter, count);
  }

  private static DroppingProxy start(int targetPort, java.util.function.IntPredicate dropped, int cutAfter, int maxCuts)
      throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    DroppingProxy proxy = new DroppingProxy(server, maxCuts);
    proxy.pool.submit(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          int n = proxy.connections.incrementAndGet();
          proxy.pool.submit(() -> proxy.relay(client, targetPort, dropped.test(n) ? cutAfter : -1));
        } catch (IOException e) {
          return;
        }
      }
    });
    return proxy;
  }

  private void relay(Socket client, int targetPort, int cutAfter) {
    try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      pool.submit(() -> pipe(client, upstream, -1, () -> false));
      if (pipe(upstream, client, cutAfter, () -> cutsLeft.getAndDecrement() > 0)) {
        drops.incrementAndGet();
      }
    } catch (IOException ignored) {
      // one side closed: the connection is over
    }
  }

  /** Copies until EOF, or until {@code limit} bytes (when >= 0) if {@code mayCut} agrees; true if it cut the stream. */
  private static boolean pipe(Socket from, Socket to, int limit, java.util.function.BooleanSupplier mayCut) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      long sent = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (limit >= 0 && sent + n >= limit && !mayCut.getAsBoolean()) {
          limit = -1;
        }
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
