package io.airgap.archiver.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Headless Chromium driven as an operator uses it, over the DevTools protocol (its WebSocket on a
 * loopback port): open a URL, type into a field, press keys, and read back the DOM, the cookie jar,
 * every URL the browser asked for and every response's raw headers (as they came off the wire,
 * {@code Set-Cookie} included). One tab, a fresh profile, offline as {@link HeadlessChromium}.
 */
final class DevToolsBrowser implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final Process process;
  private final WebSocket socket;
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<Integer, CompletableFuture<JsonNode>> replies = new ConcurrentHashMap<>();
  private final List<JsonNode> events = new ArrayList<>();

  private DevToolsBrowser(Process process, String pageSocket) {
    this.process = process;
    this.socket = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build().newWebSocketBuilder()
        .buildAsync(URI.create(pageSocket), new Listener()).join();
  }

  /** Starts Chromium with a fresh profile under {@code scratch}, on a blank tab, the network domain watched. */
  static DevToolsBrowser start(Path scratch) throws Exception {
    Path profile = Files.createTempDirectory(scratch, "chromium-profile");
    Path log = Files.createTempFile(scratch, "chromium", ".log");
    Process p = new ProcessBuilder("chromium", "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-dev-shm-usage", "--no-proxy-server", "--remote-debugging-port=0",
        "--user-data-dir=" + profile.toAbsolutePath(), "about:blank")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Pattern listening = Pattern.compile("DevTools listening on ws://127\\.0\\.0\\.1:(\\d+)/");
    while (true) {
      Matcher m = listening.matcher(Files.readString(log));
      if (m.find()) {
        String list = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()
            .send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + m.group(1) + "/json/list")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (JsonNode target : JSON.readTree(list)) {
          if (target.path("type").asText().equals("page")) {
            DevToolsBrowser browser = new DevToolsBrowser(p, target.get("webSocketDebuggerUrl").asText());
            browser.call("Network.enable");
            browser.call("Page.enable");
            return browser;
          }
        }
      }
      if (!p.isAlive() || System.nanoTime() > deadline) {
        p.destroyForcibly();
        throw new AssertionError("chromium offered no DevTools page: " + Files.readString(log));
      }
      Thread.sleep(100);
    }
  }

  /** Opens {@code url} and waits for its page to load. */
  void open(String url) throws Exception {
    open(url, 1);
  }

  /** Opens {@code url} and waits for {@code pages} loads (its own, and those its scripts or forms lead to). */
  void open(String url, int pages) throws Exception {
    int loads = count("Page.loadEventFired");
    call("Page.navigate", Map.of("url", url));
    awaitLoads(loads + pages);
  }

  /** Focuses the element {@code selector} names and types {@code text} into it, as a keyboard would. */
  void type(String selector, String text) throws Exception {
    focus(selector);
    call("Input.insertText", Map.of("text", text));
  }

  /** Focuses {@code selector}, presses Enter (submits its form, or clicks a button) and waits for the next page. */
  void pressEnter(String selector) throws Exception {
    focus(selector);
    int loads = count("Page.loadEventFired");
    for (String type : List.of("keyDown", "keyUp")) {
      call("Input.dispatchKeyEvent", Map.of("type", type, "key", "Enter", "code", "Enter",
          "windowsVirtualKeyCode", 13, "nativeVirtualKeyCode", 13, "text", "\r"));
    }
    awaitLoads(loads + 1);
  }

  /** The current document, serialised. */
  String html() throws Exception {
    return call("Runtime.evaluate", Map.of("expression", "document.documentElement.outerHTML", "returnByValue", true))
        .path("result").path("value").asText();
  }

  /** The cookies the browser would send to {@code url}, as DevTools reports them (name, value, httpOnly, sameSite, …). */
  JsonNode cookies(String url) throws Exception {
    return call("Network.getCookies", Map.of("urls", List.of(url))).path("cookies");
  }

  /** Every URL the browser asked for, redirects' targets included. */
  synchronized List<String> requestedUrls() {
    List<String> urls = new ArrayList<>();
    for (JsonNode e : events) {
      if (e.path("method").asText().equals("Network.requestWillBeSent")) {
        urls.add(e.path("params").path("request").path("url").asText());
        urls.add(e.path("params").path("documentURL").asText());
      }
    }
    return urls;
  }

  /** Every {@code Set-Cookie} header value the browser received, raw. */
  synchronized List<String> setCookieHeaders() {
    List<String> values = new ArrayList<>();
    for (JsonNode e : events) {
      if (e.path("method").asText().equals("Network.responseReceivedExtraInfo")) {
        e.path("params").path("headers").fields().forEachRemaining(h -> {
          if (h.getKey().equalsIgnoreCase("set-cookie")) {
            values.addAll(List.of(h.getValue().asText().split("\n")));
          }
        });
      }
    }
    return values;
  }

  /** The raw {@code Cookie} header of every request the browser sent to {@code url} ("" for one without). */
  synchronized List<String> cookiesSentTo(String url) {
    List<String> sent = new ArrayList<>();
    for (JsonNode e : events) {
      if (e.path("method").asText().equals("Network.requestWillBeSent")
          && e.path("params").path("request").path("url").asText().equals(url)) {
        String id = e.path("params").path("requestId").asText();
        String cookie = "";
        for (JsonNode extra : events) {
          if (extra.path("method").asText().equals("Network.requestWillBeSentExtraInfo")
              && extra.path("params").path("requestId").asText().equals(id)) {
            for (var h = extra.path("params").path("headers").fields(); h.hasNext(); ) {
              var header = h.next();
              if (header.getKey().equalsIgnoreCase("cookie")) {
                cookie = header.getValue().asText();
              }
            }
          }
        }
        sent.add(cookie);
      }
    }
    return sent;
  }

  /** The status of the last response for {@code url} (main frame or not), or 0. */
  synchronized int lastStatus(String url) {
    int status = 0;
    for (JsonNode e : events) {
      JsonNode p = e.path("params");
      if (e.path("method").asText().equals("Network.responseReceived") && p.path("response").path("url").asText().equals(url)) {
        status = p.path("response").path("status").asInt();
      } else if (e.path("method").asText().equals("Network.requestWillBeSent") && p.has("redirectResponse")
          && p.path("redirectResponse").path("url").asText().equals(url)) {
        status = p.path("redirectResponse").path("status").asInt();
      }
    }
    return status;
  }

  private void focus(String selector) throws Exception {
    JsonNode r = call("Runtime.evaluate", Map.of("expression",
        "(() => { const e = document.querySelector(" + JSON.writeValueAsString(selector) + "); if (!e) return false;"
            + " e.focus(); return document.activeElement === e; })()", "returnByValue", true));
    if (!r.path("result").path("value").asBoolean()) {
      throw new AssertionError("no focusable " + selector + " in " + html());
    }
  }

  private JsonNode call(String method) throws Exception {
    return call(method, Map.of());
  }

  private JsonNode call(String method, Map<String, ?> params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
    message.set("params", JSON.valueToTree(params));
    CompletableFuture<JsonNode> reply = new CompletableFuture<>();
    replies.put(id, reply);
    socket.sendText(JSON.writeValueAsString(message), true).join();
    JsonNode answer = reply.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    if (answer.has("error")) {
      throw new AssertionError(method + " failed: " + answer.get("error"));
    }
    return answer.path("result");
  }

  private synchronized int count(String method) {
    return (int) events.stream().filter(e -> e.path("method").asText().equals(method)).count();
  }

  private synchronized void awaitLoads(int wanted) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (count("Page.loadEventFired") < wanted) {
      long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (left <= 0) {
        throw new AssertionError("no page loaded within " + WAIT.toSeconds() + " s");
      }
      wait(left);
    }
  }

  private synchronized void event(JsonNode event) {
    events.add(event);
    notifyAll();
  }

  @Override
  public void close() throws InterruptedException {
    socket.abort();
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }

  /** Joins a message's fragments; a reply completes its call, anything else is an event. */
  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode message = JSON.readTree(partial.toString());
          if (message.has("id")) {
            CompletableFuture<JsonNode> reply = replies.remove(message.get("id").asInt());
            if (reply != null) {
              reply.complete(message);
            }
          } else {
            event(message);
          }
        } catch (IOException e) {
          throw new AssertionError("DevTools sent no JSON: " + partial, e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }
  }
}
