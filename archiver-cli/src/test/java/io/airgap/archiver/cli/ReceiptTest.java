package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Receipts close the custody loop: the air-gapped side signs what its target holds after a restore (stock gpg
 * verifies it), and the connected side builds the next incremental on exactly that, so an archive lost in transit is
 * healed by the next one. The target is C git's own server ({@code git daemon}).
 */
class ReceiptTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path keysDir;
  private static Fixtures.Keys archiveKeys;
  private static Fixtures.Keys receiptKeys;

  @TempDir Path tmp;
  private CliRunner cli;
  private GitDaemon daemon;
  private Path daemonRoot;

  @BeforeAll
  static void keys() throws Exception {
    CliRunner keygen = new CliRunner(keysDir);
    archiveKeys = Fixtures.Keys.generate(keygen, keysDir.resolve("connected"));
    receiptKeys = Fixtures.Keys.generate(keygen, keysDir.resolve("air-gapped"));
  }

  private void start() throws Exception {
    cli = new CliRunner(tmp);
    daemonRoot = Files.createDirectories(tmp.resolve("daemon"));
    daemon = GitDaemon.start(daemonRoot);
  }

  private Path bareTarget(String name) {
    Path repo = daemonRoot.resolve(name + ".git");
    git(daemonRoot, "init", "-q", "--bare", repo.toString());
    return repo;
  }

  private Path create(Path src, Path out, String... extra) throws Exception {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--output", out.toString(),
        "--no-deps", "--sign-key", archiveKeys.secret().toString()));
    args.addAll(List.of(extra));
    List<Path> before = Fixtures.listAll(out);
    cli.run(args.toArray(String[]::new)).expect(0);
    List<Path> added = Fixtures.listAll(out).stream().filter(p -> !before.contains(p))
        .filter(p -> p.toString().endsWith(".tar.gz")).toList();
    assertEquals(1, added.size(), "one new archive in " + out + ": " + added);
    return added.get(0);
  }

  private JsonNode inspect(Path archive) throws Exception {
    return JSON.readTree(cli.run("inspect", archive.toString(), "--json").expect(0).out());
  }

  private String idOf(Path archive) throws Exception {
    return inspect(archive).findValue("archive_id").asText();
  }

  private static Path onlyReceipt(Path dir) throws Exception {
    List<Path> receipts = Fixtures.listAll(dir).stream()
        .filter(p -> p.getFileName().toString().matches("receipt-.*\\.json\\.asc")).toList();
    assertEquals(1, receipts.size(), "one receipt in " + dir + ": " + Fixtures.listAll(dir));
    return receipts.get(0);
  }

  /** The signed JSON, as stock gpg extracts it after checking the signature. */
  private JsonNode verifiedByStockGpg(Path receipt) throws Exception {
    try (GpgHome gpg = new GpgHome()) {
      gpg.ok(null, "--import", receiptKeys.pub().toString());
      GpgHome.Result verify = gpg.run(null, "--verify", receipt.toString());
      assertEquals(0, verify.exitCode(), "stock gpg --verify accepts the receipt:\n" + verify.stderr());
      assertTrue(verify.stderr().contains("Good signature"), verify.stderr());
      Path text = tmp.resolve("receipt-text-" + System.nanoTime() + ".json");
      gpg.ok(null, "--output", text.toString(), "--decrypt", receipt.toString());
      return JSON.readTree(Files.readString(text));
    }
  }

  /** {@code git for-each-ref} of a repository: ref name to object id. */
  private static Map<String, String> forEachRef(Path repo) {
    Map<String, String> refs = new TreeMap<>();
    CGit.git(repo, "for-each-ref", "--format=%(refname) %(objectname)").lines().forEach(l -> {
      String[] parts = l.split(" ");
      refs.put(parts[0], parts[1]);
    });
    return refs;
  }

  private static Map<String, String> refsOf(JsonNode receipt) {
    Map<String, String> refs = new TreeMap<>();
    receipt.get("refs").fields().forEachRemaining(e -> refs.put(e.getKey(), e.getValue().asText()));
    return refs;
  }

  @Test
  void lostTransfer_nextArchiveFromTheReceipt_isIncrementalOnWhatArrived_andRestoresExactly() throws Exception {
    start();
    try {
      Path src = SampleRepos.rich(tmp.resolve("app"));
      Path target = bareTarget("app");
      Path connected = tmp.resolve("connected");
      Path usb = tmp.resolve("usb");
      Path receipts = tmp.resolve("receipts");
      Path full = create(src, connected);
      String fullId = idOf(full);

      // the air-gapped side restores the full archive and signs a receipt
      Files.createDirectories(usb);
      Files.copy(full, usb.resolve(full.getFileName()));
      Path restoreLog = tmp.resolve("restore-log.jsonl");
      cli.run("restore", usb.resolve(full.getFileName()).toString(), "--target", daemon.url("app.git"),
          "--trust", archiveKeys.pub().toString(), "--receipt-key", receiptKeys.secret().toString(),
          "--receipt-out", receipts.toString(), "--log-file", restoreLog.toString()).expect(0);
      Path firstReceipt = onlyReceipt(receipts);
      JsonNode receipt = verifiedByStockGpg(firstReceipt);
      assertEquals("airgap-receipt/1", receipt.get("format").asText());
      assertEquals(fullId, receipt.get("last_archive").asText());
      assertEquals(List.of(fullId), JSON.convertValue(receipt.get("applied"), List.class));
      assertEquals(forEachRef(target), refsOf(receipt), "the receipt lists exactly what the target holds");
      assertEquals(inspect(full).findValue("source").get("id").asText(), receipt.get("source").get("id").asText());
      assertEquals(daemon.url("app.git"), receipt.get("target").asText());
      String log = Files.readString(restoreLog);
      assertTrue(log.lines().anyMatch(l -> l.contains("\"event\":\"archive_restored\"") && l.contains(fullId)), log);
      assertTrue(log.lines().anyMatch(l -> l.contains("\"event\":\"receipt_written\"") && l.contains(fullId)), log);

      // the connected side makes an incremental that is lost on the way
      SampleRepos.commit(src, "src/lost.txt", "only the lost archive carried this at first\n", "work 1");
      git(src, "branch", "lost-topic");
      Fixtures.awaitNextSecond();
      Path lost = create(src, connected, "--since-last"); // stays on the connected side, never reaches the USB drive
      assertEquals(fullId, inspect(lost).findValue("base_id").asText());

      // the next archive is made from the receipt: on top of the full one, carrying the lost work again
      SampleRepos.commit(src, "src/next.txt", "after the loss\n", "work 2");
      Fixtures.awaitNextSecond();
      Path createLog = tmp.resolve("create-log.jsonl");
      Path next = create(src, connected, "--since-receipt", receipts.toString(), "--trust-receipts",
          receiptKeys.pub().toString(), "--log-file", createLog.toString());
      JsonNode nextInfo = inspect(next);
      assertEquals("incremental", nextInfo.findValue("type").asText(), nextInfo.toString());
      assertEquals(fullId, nextInfo.findValue("base_id").asText(), "based on what the receipt confirms");
      String created = Files.readString(createLog);
      assertTrue(created.lines().anyMatch(l -> l.contains("\"event\":\"receipt_used\"") && l.contains(fullId)),
          created);
      String nextId = idOf(next);
      assertTrue(created.lines().anyMatch(l -> l.contains("\"event\":\"archive_created\"")
          && l.contains(nextId) && l.contains(fullId)), created);

      Files.copy(next, usb.resolve(next.getFileName()));
      cli.run("restore", usb.resolve(next.getFileName()).toString(), "--target", daemon.url("app.git"),
          "--trust", archiveKeys.pub().toString(), "--receipt-key", receiptKeys.secret().toString(),
          "--receipt-out", receipts.toString()).expect(0);
      assertEquals(CGit.refs(src), CGit.refs(target), "every ref equals the source's, the lost work included");
      assertEquals(0, CGit.run(target, "fsck", "--full").exitCode());
      Path secondReceipt = Fixtures.listAll(receipts).stream().filter(p -> !p.equals(firstReceipt)).findFirst()
          .orElseThrow();
      JsonNode second = verifiedByStockGpg(secondReceipt);
      assertEquals(idOf(next), second.get("last_archive").asText());
      assertEquals(forEachRef(target), refsOf(second));

      // list --chains marks what the receipts confirm: the full and the healing archive, not the lost one
      CliRunner.Run chains = cli.run("list", connected.toString(), "--chains", "--receipts", receipts.toString(),
          "--trust-receipts", receiptKeys.pub().toString(), "--json").expect(0);
      JsonNode confirmed = JSON.readTree(chains.out()).get("chains").get(0).get("confirmed");
      assertEquals(2, confirmed.size(), chains.out());
      assertTrue(confirmed.toString().contains(full.getFileName().toString())
          && confirmed.toString().contains(next.getFileName().toString()), chains.out());
    } finally {
      daemon.close();
    }
  }

  @Test
  void alteredOrUntrustedReceipt_exits3_andWritesNoArchive() throws Exception {
    start();
    try {
      Path src = SampleRepos.simple(tmp.resolve("app"));
      bareTarget("app");
      Path out = tmp.resolve("out");
      Path full = create(src, out);
      Path receipts = tmp.resolve("receipts");
      cli.run("restore", full.toString(), "--target", daemon.url("app.git"), "--trust", archiveKeys.pub().toString(),
          "--receipt-key", receiptKeys.secret().toString(), "--receipt-out", receipts.toString(), "--dry-run")
          .expect(0);
      assertEquals(List.of(), Fixtures.listAll(receipts), "a dry run writes no receipt");
      JsonNode restored = JSON.readTree(cli.run("restore", full.toString(), "--target", daemon.url("app.git"),
          "--trust", archiveKeys.pub().toString(), "--receipt-key", receiptKeys.secret().toString(),
          "--receipt-out", receipts.toString(), "--json").expect(0).out());
      Path receipt = onlyReceipt(receipts);
      assertEquals(receipt.toString(), restored.get("receipt").asText(), restored.toString());
      assertEquals(idOf(full), restored.get("last_archive").asText(), restored.toString());
      SampleRepos.commit(src, "b.txt", "more\n", "more");

      String text = Files.readString(receipt, StandardCharsets.UTF_8);
      String altered = text.replaceFirst("\"lfs_objects\" : 0", "\"lfs_objects\" : 1");
      assertFalse(altered.equals(text), "the alteration changed the signed text");
      Path alteredDir = Files.createDirectories(tmp.resolve("altered"));
      Files.writeString(alteredDir.resolve(receipt.getFileName()), altered, StandardCharsets.UTF_8);
      Path fresh = tmp.resolve("fresh-out");
      CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", fresh.toString(), "--no-deps",
          "--sign-key", archiveKeys.secret().toString(), "--since-receipt", alteredDir.toString(),
          "--trust-receipts", receiptKeys.pub().toString()).expect(3);
      assertTrue(run.err().contains(receipt.getFileName().toString()), "the message names the receipt: " + run.err());
      assertFalse(run.err().contains("\tat "), run.err());
      assertEquals(List.of(), Fixtures.listAll(fresh), "no archive written");

      CliRunner.Run untrusted = cli.run("create", "--source", src.toString(), "--output", fresh.toString(),
          "--no-deps", "--sign-key", archiveKeys.secret().toString(), "--since-receipt", receipt.toString(),
          "--trust-receipts", archiveKeys.pub().toString()).expect(3);
      assertTrue(untrusted.err().contains("receipt"), untrusted.err());
      assertEquals(List.of(), Fixtures.listAll(fresh), "no archive written");
    } finally {
      daemon.close();
    }
  }

  @Test
  void fleet_oneReceiptPerRepository_aFolderOfReceiptsDrivesTheNextBatch() throws Exception {
    start();
    try {
      Path alpha = SampleRepos.simple(tmp.resolve("alpha"));
      Path beta = SampleRepos.rich(tmp.resolve("beta"));
      Path alphaTarget = bareTarget("alpha");
      Path betaTarget = bareTarget("beta");
      Path sources = tmp.resolve("sources.txt");
      Files.writeString(sources, alpha + "\n" + beta + "\n");
      Path out = tmp.resolve("out");
      Path receipts = tmp.resolve("receipts");
      cli.run("create", "--sources-file", sources.toString(), "--output", out.toString(), "--no-deps",
          "--sign-key", archiveKeys.secret().toString()).expect(0);
      List<Path> fulls = Fixtures.listAll(out);
      assertEquals(2, fulls.size(), fulls.toString());
      String template = daemon.url("{name}.git");
      cli.run("restore", out.toString(), "--target-template", template, "--trust", archiveKeys.pub().toString(),
          "--receipt-key", receiptKeys.secret().toString(), "--receipt-out", receipts.toString()).expect(0);
      List<Path> written = Fixtures.listAll(receipts);
      assertEquals(2, written.size(), "one receipt per repository: " + written);
      for (Path receipt : written) {
        JsonNode body = verifiedByStockGpg(receipt);
        Path repo = body.get("source").get("name").asText().equals("alpha") ? alphaTarget : betaTarget;
        assertEquals(forEachRef(repo), refsOf(body));
      }

      SampleRepos.commit(alpha, "lost-a.txt", "a\n", "alpha work");
      SampleRepos.commit(beta, "lost-b.txt", "b\n", "beta work");
      Fixtures.awaitNextSecond();
      cli.run("create", "--sources-file", sources.toString(), "--output", out.toString(), "--no-deps",
          "--sign-key", archiveKeys.secret().toString(), "--since-last").expect(0);
      Path lost = Files.createDirectories(tmp.resolve("lost")); // made, then lost in transit
      for (Path made : Fixtures.listAll(out)) {
        if (!fulls.contains(made)) {
          assertTrue(made.getFileName().toString().contains("-incremental-"), made.toString());
          Files.move(made, lost.resolve(made.getFileName()));
        }
      }
      assertEquals(2, Fixtures.listAll(lost).size());
      SampleRepos.commit(alpha, "next-a.txt", "a2\n", "alpha more");
      SampleRepos.commit(beta, "next-b.txt", "b2\n", "beta more");
      Fixtures.awaitNextSecond();
      Path next = tmp.resolve("next");
      cli.run("create", "--sources-file", sources.toString(), "--output", next.toString(), "--no-deps",
          "--sign-key", archiveKeys.secret().toString(), "--since-receipt", receipts.toString(),
          "--trust-receipts", receiptKeys.pub().toString()).expect(0);
      List<Path> incrementals = Fixtures.listAll(next);
      assertEquals(2, incrementals.size(), incrementals.toString());
      List<String> fullIds = new ArrayList<>();
      for (Path f : fulls) {
        fullIds.add(idOf(f));
      }
      for (Path inc : incrementals) {
        JsonNode info = inspect(inc);
        assertEquals("incremental", info.findValue("type").asText(), info.toString());
        assertTrue(fullIds.contains(info.findValue("base_id").asText()), info.toString());
      }
      cli.run("restore", next.toString(), "--target-template", template, "--trust", archiveKeys.pub().toString())
          .expect(0);
      assertEquals(CGit.refs(alpha), CGit.refs(alphaTarget));
      assertEquals(CGit.refs(beta), CGit.refs(betaTarget));

      // one altered receipt in the folder: the whole batch is refused, nothing written
      Path tampered = written.get(0);
      String body = Files.readString(tampered);
      Files.writeString(tampered, body.replace("\"lfs_objects\" : 0", "\"lfs_objects\" : 7"));
      assertFalse(body.equals(Files.readString(tampered)), "the alteration changed the signed text");
      Path refused = tmp.resolve("refused");
      cli.run("create", "--sources-file", sources.toString(), "--output", refused.toString(), "--no-deps",
          "--sign-key", archiveKeys.secret().toString(), "--since-receipt", receipts.toString(),
          "--trust-receipts", receiptKeys.pub().toString()).expect(3);
      assertEquals(List.of(), Fixtures.listAll(refused));
    } finally {
      daemon.close();
    }
  }

  @Test
  void targetWithCommitsOfItsOwn_exits3_untilExcluded_andAReceiptOfAnotherSourceIsAUsageError() throws Exception {
    start();
    try {
      Path src = SampleRepos.simple(tmp.resolve("app"));
      Path target = bareTarget("app");
      Path out = tmp.resolve("out");
      Path full = create(src, out);
      cli.run("restore", full.toString(), "--target", daemon.url("app.git"), "--trust", archiveKeys.pub().toString())
          .expect(0);
      // the air-gapped developers push a branch of their own; a re-run restore (nothing new) writes a fresh receipt
      Path clone = tmp.resolve("inside");
      git(tmp, "clone", "-q", target.toString(), clone.toString());
      git(clone, "checkout", "-q", "-b", "internal");
      SampleRepos.commit(clone, "inside.txt", "made inside\n", "inside work");
      git(clone, "push", "-q", "origin", "internal");
      Path receipts = tmp.resolve("receipts");
      CliRunner.Run again = cli.run("restore", full.toString(), "--target", daemon.url("app.git"), "--trust",
          archiveKeys.pub().toString(), "--receipt-key", receiptKeys.secret().toString(), "--receipt-out",
          receipts.toString(), "--json").expect(0);
      JsonNode receipt = verifiedByStockGpg(onlyReceipt(receipts));
      assertEquals(List.of(), JSON.convertValue(receipt.get("applied"), List.class), again.out());
      assertEquals(idOf(full), receipt.get("last_archive").asText());
      assertEquals(forEachRef(target), refsOf(receipt));
      assertTrue(refsOf(receipt).containsKey("refs/heads/internal"));

      SampleRepos.commit(src, "next.txt", "next\n", "next");
      Path next = tmp.resolve("next");
      CliRunner.Run refused = cli.run("create", "--source", src.toString(), "--output", next.toString(), "--no-deps",
          "--sign-key", archiveKeys.secret().toString(), "--since-receipt", receipts.toString(), "--trust-receipts",
          receiptKeys.pub().toString()).expect(3);
      assertTrue(refused.err().contains("refs/heads/internal") && refused.err().contains("--exclude-refs"),
          refused.err());
      assertEquals(List.of(), Fixtures.listAll(next));
      Path made = create(src, next, "--since-receipt", receipts.toString(), "--trust-receipts",
          receiptKeys.pub().toString(), "--exclude-refs", "refs/heads/internal");
      assertEquals(idOf(full), inspect(made).findValue("base_id").asText());

      Path other = SampleRepos.simple(tmp.resolve("other"));
      SampleRepos.commit(other, "o.txt", "another root\n", "other");
      git(other, "checkout", "-q", "--orphan", "fresh");
      SampleRepos.commit(other, "p.txt", "p\n", "p");
      git(other, "branch", "-D", "main");
      CliRunner.Run wrong = cli.run("create", "--source", other.toString(), "--output", tmp.resolve("o").toString(),
          "--no-deps", "--sign-key", archiveKeys.secret().toString(), "--since-receipt",
          onlyReceipt(receipts).toString(), "--trust-receipts", receiptKeys.pub().toString()).expect(2);
      assertTrue(wrong.err().contains("not of this source"), wrong.err());
      assertEquals(List.of(), Fixtures.listAll(tmp.resolve("o")));
    } finally {
      daemon.close();
    }
  }

  @Test
  void receiptKeyFromConfig_forAStore_withoutReceiptOut_isAUsageError() throws Exception {
    cli = new CliRunner(tmp);
    Path config = Files.writeString(tmp.resolve("airgap.yaml"), "receipt-key: " + receiptKeys.secret() + "\n");
    CliRunner.Run run = cli.run("restore", "s3://receipts-bucket/archives", "--target", tmp.resolve("t.git").toString(),
        "--trust", archiveKeys.pub().toString(), "--config", config.toString()).expect(2);
    assertTrue(run.err().contains("--receipt-out"), "receipt-key from --config is honoured: " + run.err());
  }

  @Test
  void hostileSourceName_inASignedManifest_writesNoReceiptAnywhere() throws Exception {
    cli = new CliRunner(tmp);
    Path src = SampleRepos.simple(tmp.resolve("victim"));
    Path out = tmp.resolve("out");
    Path good = create(src, out);
    HostileArchives victim = new HostileArchives(good, archiveKeys.secret());
    Path in = Files.createDirectories(tmp.resolve("in"));
    HostileArchives.write(in.resolve("victim-full-20260101T000000Z.tar.gz"), victim.withManifest(
        m -> ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("source")).put("name", "../../escaped")));
    Path receipts = Files.createDirectories(tmp.resolve("a/b/receipts"));
    cli.run("restore", in.toString(), "--target", tmp.resolve("t.git").toString(), "--trust",
        archiveKeys.pub().toString(), "--receipt-key", receiptKeys.secret().toString(), "--receipt-out",
        receipts.toString()).expect(3);
    try (Stream<Path> all = Files.walk(tmp)) {
      assertEquals(List.of(), all.filter(p -> p.getFileName().toString().contains("escaped")
          || p.getFileName().toString().startsWith("receipt-")).toList());
    }
  }
}
