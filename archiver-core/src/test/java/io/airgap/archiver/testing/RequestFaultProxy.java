package io.airgap.archiver.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A loopback HTTP proxy that faults chosen client requests, the way a flaky network or a throttling
 * S3 does: it reads each request's head, and the first {@code times} requests whose request line
 * matches get either their body cut after {@code cutAfter} bytes (both sides closed) or a
 * {@code 503 SlowDown} answer before their body is read. Everything else passes through.
 */
public final class RequestFaultProxy implements AutoCloseable {
  /** What happens to a matching request. */
  public enum Fault {
    /** The client's body stops mid-way: the connection is closed. */
    CUT_BODY,
    /** S3's throttling answer, the body left unread. */
    SLOW_DOWN
  }

  private final ServerSocket server;
  private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "request-fault-proxy");
    t.setDaemon(true);
    return t;
  });
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicInteger remaining;
  private final List<String> faulted = new CopyOnWriteArrayList<>();
  private final List<String> seen = new CopyOnWriteArrayList<>();

  private RequestFaultProxy(ServerSocket server, int times) {
    this.server = server;
    this.remaining = new AtomicInteger(times);
  }

  public static RequestFaultProxy start(int targetPort, Predicate<String> requestLine, Fault fault, int times,
      long cutAfter) throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    RequestFaultProxy proxy = new RequestFaultProxy(server, times);
    proxy.pool.submit(() -> {
      while (!server.isClosed()) {
        try {
          Socket client = server.accept();
          proxy.pool.submit(() -> proxy.relay(client, targetPort, requestLine, fault, cutAfter));
        } catch (IOException e) {
          return;
        }
      }
    });
    return proxy;
  }

  private void relay(Socket client, int targetPort, Predicate<String> match, Fault fault, long cutAfter) {
    try (client; Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort)) {
      open.add(client);
      open.add(upstream);
      pool.submit(() -> copy(upstream, client));
      InputStream in = client.getInputStream();
      OutputStream out = upstream.getOutputStream();
      while (true) {
        byte[] head = readHead(in);
        if (head == null) {
          upstream.shutdownOutput();
          return;
        }
        String text = new String(head, StandardCharsets.ISO_8859_1);
        String line = text.substring(0, text.indexOf("\r\n"));
        long length = contentLength(text);
        seen.add(line);
        if (match.test(line) && remaining.getAndDecrement() > 0) {
          faulted.add(fault + " " + line);
          if (fault == Fault.SLOW_DOWN) {
            byte[] body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>SlowDown</Code>"
                + "<Message>Please reduce your request rate.</Message></Error>").getBytes(StandardCharsets.UTF_8);
            client.getOutputStream().write(("HTTP/1.1 503 Slow Down\r\nContent-Type: application/xml\r\n"
                + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
            client.getOutputStream().write(body);
            client.getOutputStream().flush();
          } else {
            out.write(head);
            transfer(in, out, Math.min(cutAfter, Math.max(0, length)));
            out.flush();
          }
          return; // closes both sides
        }
        out.write(head);
        if (length < 0) {
          in.transferTo(out); // chunked or unknown: pass the rest of the connection through
          return;
        }
        transfer(in, out, length);
        out.flush();
      }
    } catch (IOException ignored) {
      // one side closed
    }
  }

  private static byte[] readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    int b;
    while ((b = in.read()) >= 0) {
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : (b == '\r' ? 1 : 0);
      if (matched == 4) {
        return head.toByteArray();
      }
    }
    return null;
  }

  private static long contentLength(String head) {
    for (String h : head.split("\r\n")) {
      String lower = h.toLowerCase(Locale.ROOT);
      if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        return -1;
      }
    }
    for (String h : head.split("\r\n")) {
      if (h.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
        return Long.parseLong(h.substring(h.indexOf(':') + 1).trim());
      }
    }
    return 0;
  }

  private static void transfer(InputStream in, OutputStream out, long n) throws IOException {
    byte[] buf = new byte[8192];
    while (n > 0) {
      int r = in.read(buf, 0, (int) Math.min(buf.length, n));
      if (r < 0) {
        return;
      }
      out.write(buf, 0, r);
      n -= r;
    }
  }

  private static void copy(Socket from, Socket to) {
    try {
      from.getInputStream().transferTo(to.getOutputStream());
      to.shutdownOutput();
    } catch (IOException ignored) {
      // closed
    }
  }

  public int port() {
    return server.getLocalPort();
  }

  /** The request lines that were faulted, with the fault. */
  public List<String> faulted() {
    return List.copyOf(faulted);
  }

  /** Every request line that reached the proxy (before a chunked body, only the first per connection). */
  public List<String> requests() {
    return List.copyOf(seen);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket s : open) {
      s.close();
    }
    pool.shutdownNow();
  }
}
