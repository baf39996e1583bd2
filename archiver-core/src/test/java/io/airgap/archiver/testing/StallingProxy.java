package io.airgap.archiver.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A TCP proxy on loopback that holds a transfer at a known byte: the first connection whose
 * stream in the chosen direction passes {@code stallAt} bytes forwards exactly that many, then
 * stops forwarding (keeping the connection open) and signals {@link #awaitStall}, so a test can
 * kill the client at that point. Later connections pass through, so a re-run can finish.
 */
public final class StallingProxy implements AutoCloseable {
  /** Which way the held stream flows. */
  public enum Direction {
    /** The server's answer: a fetch, a download. */
    DOWNLOAD,
    /** The client's request body: a push, an upload. */
    UPLOAD
  }

  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "stalling-proxy");
    t.setDaemon(true);
    return t;
  });
  private final CountDownLatch stalled = new CountDownLatch(1);
  private final AtomicBoolean armed = new AtomicBoolean(true);
  private final CountDownLatch release = new CountDownLatch(1);
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();

  private StallingProxy(ServerSocket server) {
    this.server = server;
  }

  public static StallingProxy start(int targetPort, Direction direction, long stallAt) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    StallingProxy proxy = new StallingProxy(server);
    proxy.pool.submit(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          proxy.pool.submit(() -> proxy.relay(client, targetPort, direction, stallAt));
        } catch (IOException e) {
          return;
        }
      }
    });
    return proxy;
  }

  private void relay(Socket client, int targetPort, Direction direction, long stallAt) {
    try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      open.add(client);
      open.add(upstream);
      Connection c = new Connection(client, upstream);
      boolean up = direction == Direction.UPLOAD;
      pool.submit(() -> pipe(c, client, upstream, up ? stallAt : -1, up));
      pipe(c, upstream, client, up ? -1 : stallAt, false);
      release.await();
    } catch (IOException | InterruptedException ignored) {
      // one side closed: the connection is over
    }
  }

  /** One proxied connection; once held, the client's death is passed on to the server, as TCP would. */
  private static final class Connection {
    final Socket client;
    final Socket upstream;
    volatile boolean held;

    Connection(Socket client, Socket upstream) {
      this.client = client;
      this.upstream = upstream;
    }

    void closeBoth() {
      try {
        client.close();
        upstream.close();
      } catch (IOException ignored) {
        // closed already
      }
    }
  }

  /**
   * Copies until EOF; with a limit, the first stream to pass it holds there: an upload is read on
   * (and dropped) until the client goes, a download simply stops being forwarded.
   */
  private void pipe(Connection c, Socket from, Socket to, long limit, boolean fromClient) {
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      byte[] buf = new byte[8192];
      long sent = 0;
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (limit >= 0 && sent + n >= limit && armed.compareAndSet(true, false)) {
          out.write(buf, 0, (int) (limit - sent));
          out.flush();
          c.held = true;
          stalled.countDown();
          if (fromClient) {
            while (in.read(buf) >= 0) {
              // dropped: the server sees a body that stopped moving
            }
            c.closeBoth(); // the client is gone: so is the connection
          } else {
            release.await();
          }
          return;
        }
        out.write(buf, 0, n);
        out.flush();
        sent += n;
      }
      if (c.held && from == c.client) {
        c.closeBoth(); // a held download's client is gone: so is the connection
      } else {
        to.shutdownOutput();
      }
    } catch (IOException | InterruptedException ignored) {
      if (c.held) {
        c.closeBoth();
      }
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** True once a transfer is held at the chosen byte. */
  public boolean awaitStall(long timeout, TimeUnit unit) throws InterruptedException {
    return stalled.await(timeout, unit);
  }

  @Override
  public void close() throws IOException {
    release.countDown();
    server.close();
    for (Socket s : open) {
      s.close(); // idle keep-alive connections too, so the server behind stops at once
    }
    pool.shutdownNow();
  }
}
