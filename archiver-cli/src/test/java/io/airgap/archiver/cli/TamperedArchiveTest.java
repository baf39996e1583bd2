package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every way of altering an archive gives exit 3 from verify and restore, and restores nothing. */
class TamperedArchiveTest {
  @TempDir static Path shared;
  private static CliRunner cli;
  private static Fixtures.Keys keys;
  private static Path good;

  @TempDir Path tmp;

  @BeforeAll
  static void createGoodArchive() throws Exception {
    cli = new CliRunner(shared);
    keys = Fixtures.Keys.generate(cli, shared.resolve("keys"));
    Path src = SampleRepos.rich(shared.resolve("src"));
    cli.run("create", "--source", src.toString(), "--output", shared.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    good = Fixtures.onlyArchive(shared.resolve("out"));
  }

  @AfterAll
  static void done() {
    cli = null;
  }

  static Stream<Arguments> tamperings() {
    return Stream.of(
        edit("byte changed in repo.bundle", "repo.bundle does not match its SHA-256",
            e -> e.put("repo.bundle", ArchiveTamper.flipByte(e.get("repo.bundle"), 30))),
        edit("entry added", "extra.txt is not listed in SHA256SUMS",
            e -> e.put("extra.txt", "surprise".getBytes(StandardCharsets.UTF_8))),
        edit("entry removed", "archive is missing restore-scripts/verify.sh",
            e -> e.remove("restore-scripts/verify.sh")),
        edit("SHA256SUMS edited", "signature does not match",
            e -> e.put("SHA256SUMS", ArchiveTamper.flipByte(e.get("SHA256SUMS"), 2))),
        edit("manifest edited and re-hashed without re-signing", "signature does not match",
            e -> {
              byte[] manifest = new String(e.get("manifest.json"), StandardCharsets.UTF_8)
                  .replace("\"full\"", "\"full\" ").getBytes(StandardCharsets.UTF_8);
              String oldSum = io.airgap.archiver.internal.Sha256.of(e.get("manifest.json"));
              String sums = new String(e.get("SHA256SUMS"), StandardCharsets.UTF_8)
                  .replace(oldSum, io.airgap.archiver.internal.Sha256.of(manifest));
              e.put("manifest.json", manifest);
              e.put("SHA256SUMS", sums.getBytes(StandardCharsets.UTF_8));
            }),
        edit("signature removed", "not signed", e -> e.remove("SHA256SUMS.asc")),
        edit("path traversal entry", "escapes the extraction folder",
            e -> e.put("../evil.sh", "rm -rf /".getBytes(StandardCharsets.UTF_8))));
  }

  private static Arguments edit(String name, String message, Consumer<Map<String, byte[]>> change) {
    return Arguments.of(name, message, change);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tamperings")
  void alteredArchive_isRejectedWithExit3_andRestoresNothing(String name, String message,
      Consumer<Map<String, byte[]>> change) throws Exception {
    Path bad = ArchiveTamper.rewrite(good, tmp.resolve("bad.tar.gz"), change);
    assertRejected(bad, message);
  }

  @Test
  void truncatedArchive_isRejected() throws Exception {
    byte[] bytes = Files.readAllBytes(good);
    Path bad = Files.write(tmp.resolve("truncated.tar.gz"), Arrays.copyOf(bytes, bytes.length - 100));
    assertRejected(bad, "truncated or corrupt");
  }

  @Test
  void archiveSignedByUntrustedKey_isRejected() throws Exception {
    Fixtures.Keys other = Fixtures.Keys.generate(cli, tmp.resolve("other-keys"));
    Path src = SampleRepos.simple(tmp.resolve("src"));
    cli.run("create", "--source", src.toString(), "--output", tmp.resolve("out").toString(),
        "--sign-key", other.secret().toString()).expect(0);
    assertRejected(Fixtures.onlyArchive(tmp.resolve("out")), "not among the trusted keys");
  }

  @Test
  void restoreWithoutTrustedKey_isRefusedAsUsageError() throws Exception {
    Path target = tmp.resolve("target.git");
    CliRunner.Run run = cli.run("restore", good.toString(), "--target", target.toString()).expect(2);
    assertTrue(run.err().contains("--trust"), run.err());
    assertFalse(Files.exists(target));
  }

  private void assertRejected(Path archive, String message) throws Exception {
    CliRunner.Run verify = cli.run("verify", archive.toString(), "--trust", keys.pub().toString()).expect(3);
    assertTrue(verify.err().contains(message), "expected '" + message + "' in: " + verify.err());
    Path target = tmp.resolve("target.git");
    Path workspace = tmp.resolve("workspace");
    CliRunner.Run restore = cli.run("restore", archive.toString(), "--target", target.toString(),
        "--trust", keys.pub().toString(), "--workspace", workspace.toString()).expect(3);
    assertFalse(restore.err().contains("Exception"), restore.err());
    assertFalse(Files.exists(target), "nothing may be restored");
    if (Files.exists(workspace.resolve("repo.git"))) {
      assertTrue(io.airgap.archiver.testing.CGit.refs(workspace.resolve("repo.git")).isEmpty(),
          "nothing may reach the workspace repository");
    }
    assertFalse(Files.exists(tmp.resolve("evil.sh")));
    try (Stream<Path> staged = Files.list(workspace.resolve("staging"))) {
      assertTrue(staged.findAny().isEmpty(), "staging must be cleaned up");
    }
  }
}
