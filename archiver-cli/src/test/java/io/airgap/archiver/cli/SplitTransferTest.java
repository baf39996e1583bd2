package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * Split archives ({@code create --split}: numbered parts plus {@code <archive>.parts.json}) move whole through
 * {@code push} and {@code pull} (S3 through S3Proxy on loopback, and plain folders), and a malformed, inconsistent
 * or hostile parts index is an untrustworthy archive (exit 3) wherever it is read.
 */
class SplitTransferTest {
  private static final String BUCKET = "transfer";

  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;
  private Path usb;
  private Path index;
  private String name;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
    cli = new CliRunner(tmp)
        .s3(s3);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
    byte[] data = new byte[300_000];
    new Random(42).nextBytes(data);
    Files.write(src.resolve("blob.bin"), data);
    git(src, "add", "blob.bin");
    git(src, "commit", "-q", "-m", "binary data");
    usb = tmp.resolve("usb");
    cli.run("create", "--source", src.toString(), "--output", usb.toString(), "--split", "100K",
        "--sign-key", keys.secret().toString()).expect(0);
    index = Fixtures.listAll(usb).stream().filter(p -> p.toString().endsWith(".parts.json")).findFirst().orElseThrow();
    name = index.getFileName().toString().replace(".parts.json", "");
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
  }

  private List<String> fileNames(Path dir) throws Exception {
    return Fixtures.listAll(dir).stream().map(p -> dir.relativize(p).toString()).sorted().toList();
  }

  @Test
  void splitArchive_pushedToS3_andPulledToAnotherFolder_verifiesAndRestoresThere() throws Exception {
    // a file kept beside the archive (an approval) travels with it; its content is not this test's concern
    Files.writeString(usb.resolve(name + ".approval.asc"), "-----BEGIN PGP SIGNED MESSAGE-----\n");
    List<String> made = fileNames(usb);
    assertTrue(made.size() >= 5, made.toString()); // at least three parts, the approval and the index
    String prefix = "s3://" + BUCKET + "/split";
    CliRunner.Run pushed = cli.run("push", index.toString(), prefix, "--json").expect(0);
    assertTrue(pushed.out().contains(prefix + "/" + name + ".parts.json"), pushed.out());

    // any part names the archive too, and the pull takes the index, a part or the prefix
    Path other = tmp.resolve("other");
    cli.run("pull", prefix + "/" + name + ".part002", other.toString()).expect(0);
    assertEquals(made, fileNames(other));
    for (String file : made) {
      assertEquals(-1, Files.mismatch(usb.resolve(file), other.resolve(file)), file);
    }
    cli.run("verify", other.toString(), "--trust", keys.pub().toString()).expect(0);
    Path target = tmp.resolve("target.git");
    cli.run("restore", other.toString(), "--target", target.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));

    Path third = tmp.resolve("third");
    cli.run("pull", prefix, third.toString()).expect(0);
    assertEquals(made, fileNames(third));
    CliRunner.Run again = cli.run("pull", prefix + "/" + name + ".parts.json", third.toString()).expect(2);
    assertTrue(again.err().contains("already exists"), again.err());

    // listed in the store, and pruned whole: index, every part, sidecars
    CliRunner.Run list = cli.run("list", prefix).expect(0);
    assertTrue(list.out().contains(name + ".parts.json (") && list.out().contains("full"), list.out());
    Path later = tmp.resolve("later");
    cli.run("create", "--source", src.toString(), "--output", later.toString(), "--split", "100K",
        "--sign-key", keys.secret().toString(), "--timestamp", "2099-01-01T00:00:00Z").expect(0);
    cli.run("push", later.toString(), prefix).expect(0);
    cli.run("prune", prefix, "--keep-chains", "1").expect(0);
    List<String> stored = s3.raw().listObjectsV2(b -> b.bucket(BUCKET).prefix("split/")).contents().stream()
        .map(o -> o.key()).toList();
    assertTrue(stored.stream().noneMatch(k -> k.contains(name)), stored.toString());
    assertTrue(stored.stream().anyMatch(k -> k.endsWith("20990101T000000Z.tar.gz.parts.json")), stored.toString());
  }

  @Test
  void splitArchive_pushedFromAPartOrItsFolder_toAnotherFolder_verifiesThere() throws Exception {
    Path copy = tmp.resolve("copy");
    cli.run("push", usb.resolve(name + ".part001").toString(), copy.toString()).expect(0);
    assertEquals(fileNames(usb), fileNames(copy).stream().filter(f -> !f.equals(name + ".json")).toList());
    cli.run("verify", copy.resolve(name + ".parts.json").toString(), "--trust", keys.pub().toString()).expect(0);

    Path second = tmp.resolve("second");
    cli.run("push", usb.toString(), second.toString()).expect(0);
    cli.run("verify", second.toString(), "--trust", keys.pub().toString()).expect(0);
  }

  @Test
  void partsWithoutTheirIndex_inAStore_areAnIncompleteArchive_exit3_andNothingIsPulled() throws Exception {
    for (Path file : Fixtures.listAll(usb)) {
      if (!file.toString().endsWith(".parts.json")) {
        s3.raw().putObject(PutObjectRequest.builder().bucket(BUCKET).key("half/" + file.getFileName()).build(),
            RequestBody.fromFile(file));
      }
    }
    Path into = tmp.resolve("into");
    CliRunner.Run part = cli.run("pull", "s3://" + BUCKET + "/half/" + name + ".part001", into.toString()).expect(3);
    assertTrue(part.err().contains("is missing"), part.err());
    cli.run("pull", "s3://" + BUCKET + "/half/" + name + ".parts.json", into.toString()).expect(2);
    assertFalse(Files.exists(into) && !fileNames(into).isEmpty(), "nothing was pulled");
  }

  /** Rewrites the index's JSON text. */
  private void editIndex(UnaryOperator<String> edit) throws Exception {
    String json = Files.readString(index, StandardCharsets.UTF_8);
    String edited = edit.apply(json);
    assertFalse(json.equals(edited), "the edit changed nothing");
    Files.writeString(index, edited, StandardCharsets.UTF_8);
  }

  private void expectUntrustedEverywhere(String what) throws Exception {
    CliRunner.Run verify = cli.run("verify", index.toString(), "--trust", keys.pub().toString()).expect(3);
    assertTrue(verify.err().contains(what), verify.err());
    assertFalse(verify.all().contains("Exception"), verify.all());
    cli.run("inspect", usb.toString()).expect(3);
    cli.run("restore", usb.toString(), "--target", tmp.resolve("t.git").toString(),
        "--trust", keys.pub().toString()).expect(3);
    Path pushedTo = tmp.resolve("pushed");
    CliRunner.Run push = cli.run("push", index.toString(), pushedTo.toString()).expect(3);
    assertTrue(push.err().contains(what), push.err());
    assertFalse(Files.exists(pushedTo.resolve(name + ".parts.json")), "the index was pushed");
    if (Files.exists(pushedTo)) { // parts moved before the damage showed are removed again
      assertEquals(List.of(), fileNames(pushedTo));
    }

    // the same index in a store, pulled
    String prefix = "s3://" + BUCKET + "/bad" + Math.abs(what.hashCode());
    String key = prefix.substring(("s3://" + BUCKET + "/").length());
    for (Path file : Fixtures.listAll(usb)) {
      s3.raw().putObject(PutObjectRequest.builder().bucket(BUCKET).key(key + "/" + file.getFileName()).build(),
          RequestBody.fromFile(file));
    }
    Path pulledTo = tmp.resolve("pulled");
    CliRunner.Run pull = cli.run("pull", prefix + "/" + name + ".parts.json", pulledTo.toString()).expect(3);
    assertTrue(pull.err().contains(what), pull.err());
    assertFalse(Files.exists(pulledTo.resolve(name + ".parts.json")), "the index was pulled");
    if (Files.exists(pulledTo)) {
      assertEquals(List.of(), fileNames(pulledTo));
    }
  }

  @Test
  void indexThatIsNotJson_isExit3() throws Exception {
    editIndex(json -> json.substring(0, json.length() / 2));
    expectUntrustedEverywhere("not valid JSON");
  }

  @Test
  void indexWithAnUnknownKey_isExit3() throws Exception {
    editIndex(json -> json.replaceFirst("\\{", "{\"comment\": \"added\","));
    expectUntrustedEverywhere("comment");
  }

  @Test
  void indexWhosePartIsMissing_isExit3() throws Exception {
    Files.delete(usb.resolve(name + ".part002"));
    expectUntrustedEverywhere(name + ".part002");
  }

  @Test
  void indexWhosePartHasAnotherSize_isExit3() throws Exception {
    Path part = usb.resolve(name + ".part002");
    Files.write(part, new byte[] {1, 2, 3}, java.nio.file.StandardOpenOption.APPEND);
    expectUntrustedEverywhere(name + ".part002");
  }

  @Test
  void indexWhosePartHasAnotherHash_isExit3() throws Exception {
    Path part = usb.resolve(name + ".part002");
    byte[] bytes = Files.readAllBytes(part);
    bytes[10] ^= 1;
    Files.write(part, bytes);
    expectUntrustedEverywhere(name + ".part002");
  }

  @Test
  void hostilePartNames_areExit3_andNothingEscapes() throws Exception {
    // a part file sits where the hostile name points, so only the name check can stop it being read
    Path outside = tmp.resolve(name + ".part001");
    Files.copy(usb.resolve(name + ".part001"), outside);
    String original = Files.readString(index, StandardCharsets.UTF_8);
    for (String hostile : List.of("../" + name + ".part001", outside.toString())) {
      Files.writeString(index, original.replace("\"" + name + ".part001\"", "\"" + hostile + "\""));
      assertFalse(original.equals(Files.readString(index)), "the edit changed nothing");
      expectUntrustedEverywhere("plain file name");
      assertEquals(List.of(name + ".part001"), fileNames(tmp).stream().filter(f -> f.startsWith(name)).toList());
      assertFalse(Files.exists(tmp.resolve("pulled")) && !fileNames(tmp.resolve("pulled")).isEmpty());
    }
  }
}
