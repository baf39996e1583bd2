package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lost-transfer case with encrypted archives that cross through S3 (S3Proxy on loopback): the receipt of the
 * restore from the bucket bases the next encrypted incremental on what arrived, and it restores exactly.
 */
class ReceiptThroughS3Test {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BUCKET = "custody";

  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private CliRunner cli;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
    cli = new CliRunner(tmp)
        .s3(s3);
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
  }

  private String create(Path src, String output, Fixtures.Keys keys, Path recipient, String... extra) throws Exception {
    List<String> args = new java.util.ArrayList<>(List.of("create", "--source", src.toString(), "--output", output,
        "--no-deps", "--sign-key", keys.secret().toString(), "--encrypt-to", recipient.toString(), "--json"));
    args.addAll(List.of(extra));
    JsonNode result = JSON.readTree(cli.run(args.toArray(String[]::new)).expect(0).out());
    return result.get("archive_id").asText();
  }

  private JsonNode inspect(String location, Path decryptKey) throws Exception {
    return JSON.readTree(cli.run("inspect", location, "--decrypt-key", decryptKey.toString(), "--json").expect(0).out());
  }

  @Test
  void encryptedChainThroughS3_lostIncremental_healedByTheNextFromTheReceipt() throws Exception {
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("connected"));
    Fixtures.Keys receiptKeys = Fixtures.Keys.generate(cli, tmp.resolve("receipt-keys"));
    cli.run("keygen", "--purpose", "encrypt", "--out", tmp.resolve("airgap").toString()).expect(0);
    Path recipient = tmp.resolve("airgap/archiver-encryption-public.asc");
    Path decrypt = tmp.resolve("airgap/archiver-encryption-secret.asc");
    Path src = SampleRepos.rich(tmp.resolve("app"));
    Path target = tmp.resolve("internal/app.git");
    CGit.git(tmp, "init", "-q", "--bare", target.toString());
    Path receipts = tmp.resolve("receipts");
    String prefix = "s3://" + BUCKET + "/app";

    String fullId = create(src, prefix, keys, recipient);
    String[] restore = {"restore", prefix, "--target", target.toString(), "--trust", keys.pub().toString(),
        "--decrypt-key", decrypt.toString(), "--receipt-key", receiptKeys.secret().toString(),
        "--receipt-out", receipts.toString()};
    cli.run(restore).expect(0);
    assertEquals(1, Fixtures.listAll(receipts).size(), Fixtures.listAll(receipts).toString());

    SampleRepos.commit(src, "src/lost.txt", "carried first by the lost archive\n", "lost work");
    Fixtures.awaitNextSecond();
    String lostId = create(src, "s3://" + BUCKET + "/lost", keys, recipient, "--since-receipt", receipts.toString(),
        "--trust-receipts", receiptKeys.pub().toString());
    SampleRepos.commit(src, "src/next.txt", "after the loss\n", "next work");
    Fixtures.awaitNextSecond();
    String nextId = create(src, prefix, keys, recipient, "--since-receipt", receipts.toString(),
        "--trust-receipts", receiptKeys.pub().toString());

    JsonNode next = inspect(prefix + "/" + JSON.readTree(cli.run("list", prefix, "--json").expect(0).out())
        .get("archives").findValues("name").stream().map(JsonNode::asText).filter(n -> n.contains("-incremental-"))
        .findFirst().orElseThrow(), decrypt);
    assertEquals("incremental", next.findValue("type").asText(), next.toString());
    assertEquals(fullId, next.findValue("base_id").asText(), "on what the receipt confirms, not on " + lostId);

    cli.run(restore).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target), "every ref equals the source's, the lost work included");
    assertEquals(0, CGit.run(target, "fsck", "--full").exitCode());
    List<Path> written = Fixtures.listAll(receipts);
    assertEquals(2, written.size(), written.toString());
    assertTrue(written.stream().anyMatch(p -> {
      try {
        return java.nio.file.Files.readString(p).contains("\"last_archive\" : \"" + nextId + "\"");
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }), "the second receipt confirms the healing archive");
  }
}
