package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.airgap.archiver.testing.SampleRepos;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Text from a repository or a server reaches a terminal, a log line or a chat message only with its
 * control characters made visible: a commit subject {@code ESC[2K CR "policy: passed"} must not wipe
 * the review's {@code VIOLATED} line, a file name with ESC and CR must not move the cursor, and a
 * Git server's error text must not reach Slack raw. Against C git repositories, the real review and
 * policy, and a hostile {@code git://} server on loopback that answers every request with {@code ERR}.
 */
class TerminalSafeTextTest {
  private static final String ERASE = "\u001b[2K\r";
  private static final String SUBJECT = "tidy " + ERASE + "policy: passed";
  private static final String EVIL_FILE = "keys/evil" + ERASE + "\u001b[1Aok\u009b\u202e.pem";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void hostileSubjectAndFileName_reviewAndPolicyOutput_carryNoRawControlCharacters() throws Exception {
    Path repo = SampleRepos.simple(tmp.resolve("repo"));
    SampleRepos.commit(repo, EVIL_FILE, "-----BEGIN PRIVATE KEY-----\n", SUBJECT);
    assertTrue(git(repo, "log", "-1", "--format=%s").contains("\u001b"), "git kept the escape in the subject");
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    cli.run("create", "--source", repo.toString(), "--output", tmp.resolve("out").toString(), "--no-deps",
        "--sign-key", keys.secret().toString()).expect(0);
    Path archive = Fixtures.onlyArchive(tmp.resolve("out"));
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), "deny-paths: [\"**/*.pem\"]\n");
    Path log = tmp.resolve("review.jsonl");

    CliRunner.Run review = cli.run("review", archive.toString(), "--trust", keys.pub().toString(), "--policy",
        policy.toString(), "--verbose", "--log-file", log.toString());
    assertEquals(5, review.exitCode(), review.all());
    assertTerminalSafe("review", review.all());
    assertTrue(review.out().contains("VIOLATED"), review.out());
    assertTrue(review.out().lines().anyMatch(l -> l.contains("commit ") && l.contains("tidy \\u001b[2K\\rpolicy: passed")),
        "the subject is shown, its control characters visible:\n" + review.out());
    assertTrue(review.out().contains("keys/evil\\u001b[2K\\r\\u001b[1Aok\\u009b\\u202e.pem"), review.out());

    CliRunner.Run json = cli.run("review", archive.toString(), "--trust", keys.pub().toString(), "--json");
    assertTerminalSafe("review --json", json.out());
    JsonNode doc = JSON.readTree(json.out());
    List<String> subjects = doc.get("commits").findValuesAsText("subject");
    assertTrue(subjects.contains(SUBJECT), "--json keeps the data exact (escaped by JSON): " + subjects);

    CliRunner.Run refused = cli.run("create", "--source", repo.toString(), "--output", tmp.resolve("out2").toString(),
        "--no-deps", "--sign-key", keys.secret().toString(), "--policy", policy.toString(), "--log-file", log.toString());
    assertEquals(5, refused.exitCode(), refused.all());
    assertTrue(refused.err().contains("keys/evil\\u001b"), refused.err());
    assertTerminalSafe("create --policy", refused.all());

    for (String line : Files.readAllLines(log)) {
      JsonNode entry = JSON.readTree(line);
      entry.fields().forEachRemaining(f -> {
        if (f.getValue().isTextual()) {
          assertTerminalSafe("log field " + f.getKey(), f.getValue().asText());
        }
      });
    }
  }

  @Test
  void hostileGitServerError_reachesMirrorStatusAndSlack_withoutRawControlCharacters() throws Exception {
    List<String> slack = new CopyOnWriteArrayList<>();
    HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
    receiver.createContext("/", exchange -> {
      slack.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(200, -1);
      exchange.close();
    });
    receiver.start();
    try (HostileGitServer hostile = new HostileGitServer("\u001b[2K\rarchiver mirror 'app' synced fine\u0007")) {
      Path config = Files.writeString(tmp.resolve("mirrors.yaml"), """
          mirrors:
            - name: app
              source: git://127.0.0.1:%d/app.git
              targets: [ "%s" ]
              interval: 1h
          notifications:
            slack: http://127.0.0.1:%d/slack
            on: [ failure ]
          """.formatted(hostile.port(), tmp.resolve("target.git"), receiver.getAddress().getPort()));
      CliRunner cli = new CliRunner(tmp);
      CliRunner.Run run = cli.run("mirror", "run", "--config", config.toString(), "--once");
      assertEquals(1, run.exitCode(), run.all());
      assertTrue(hostile.answered() > 0, "the hostile server was asked");
      assertTerminalSafe("mirror run", run.all());
      CliRunner.Run status = cli.run("mirror", "status", "--config", config.toString()).expect(0);
      assertTrue(status.out().contains("\\u001b[2K\\rarchiver mirror"), status.out());
      assertTerminalSafe("mirror status", status.all());

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (slack.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(1, slack.size(), "one Slack message");
      String text = JSON.readTree(slack.get(0)).get("text").asText();
      assertTrue(text.contains("failed") && text.contains("\\u001b[2K"), text);
      assertTerminalSafe("the Slack message", text);
    } finally {
      receiver.stop(0);
    }
  }

  /** No C0 control but newline and tab, no DEL, no C1 control, no bidi override. */
  private static void assertTerminalSafe(String where, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f)
          || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
      assertFalse(control, where + " carries the raw control character U+" + Integer.toHexString(c) + " at " + i
          + ":\n" + text);
    }
  }

  /** A {@code git://} server on loopback that answers every request with {@code ERR <message>}. */
  private static final class HostileGitServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread thread;
    private volatile int answered;

    HostileGitServer(String message) throws IOException {
      socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      byte[] payload = ("ERR " + message + "\n").getBytes(StandardCharsets.UTF_8);
      byte[] line = (String.format("%04x", payload.length + 4)).getBytes(StandardCharsets.US_ASCII);
      thread = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket client = socket.accept()) {
            InputStream in = client.getInputStream();
            int length = Integer.parseInt(new String(in.readNBytes(4), StandardCharsets.US_ASCII), 16);
            in.readNBytes(Math.max(0, length - 4));
            OutputStream out = client.getOutputStream();
            out.write(line);
            out.write(payload);
            out.flush();
            answered++;
          } catch (IOException | NumberFormatException e) {
            // closed, or a client that sent no request line
          }
        }
      }, "hostile-git-server");
      thread.setDaemon(true);
      thread.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    int answered() {
      return answered;
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
