package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/** Archives through S3 (S3Proxy on loopback), split across FAT32-sized parts, and onto a full disk. */
class StorageEndToEndTest {
  private static final String BUCKET = "transfer";

  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private CliRunner cli;
  private Fixtures.Keys keys;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
    cli = new CliRunner(tmp)
        .s3(s3);
    keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    src = SampleRepos.rich(tmp.resolve("src"));
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
  }

  private void addIncompressible(Path repo, int bytes) throws Exception {
    byte[] data = new byte[bytes];
    new Random(42).nextBytes(data);
    Files.write(repo.resolve("blob.bin"), data);
    git(repo, "add", "blob.bin");
    git(repo, "commit", "-q", "-m", "binary data");
  }

  @Test
  void createToS3_list_pull_verify_andRestoreStraightFromS3() throws Exception {
    String prefix = "s3://" + BUCKET + "/nightly";
    CliRunner.Run created = cli.run("create", "--source", src.toString(), "--output", prefix,
        "--sign-key", keys.secret().toString(), "--json").expect(0);
    String location = created.out().replaceAll("(?s).*\"archive\" : \"(s3://[^\"]+)\".*", "$1");
    assertTrue(location.startsWith(prefix + "/src-full-"), created.out());

    CliRunner.Run list = cli.run("list", prefix).expect(0);
    String name = location.substring(location.lastIndexOf('/') + 1);
    assertTrue(list.out().lines().anyMatch(l -> l.startsWith(name) && l.contains("full")), list.out());

    cli.run("verify", location, "--trust", keys.pub().toString()).expect(0);
    assertTrue(cli.run("inspect", location).expect(0).out().matches("(?s).*\nrefs:\\s+\\d+ refs?\n.*"));
    Path pulled = tmp.resolve("usb");
    cli.run("pull", location, pulled.toString()).expect(0);
    cli.run("verify", pulled.resolve(name).toString(), "--trust", keys.pub().toString()).expect(0);

    Path target = tmp.resolve("target.git");
    cli.run("restore", prefix, "--target", target.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));

    Path other = tmp.resolve("pushed");
    cli.run("push", pulled.resolve(name).toString(), "s3://" + BUCKET + "/copy").expect(0);
    cli.run("pull", "s3://" + BUCKET + "/copy/" + name, other.toString()).expect(0);
    assertEquals(-1, Files.mismatch(pulled.resolve(name), other.resolve(name)));
  }

  @Test
  void archiveLargerThanThePartSize_isUploadedInSeveralParts() throws Exception {
    addIncompressible(src, 12 << 20);
    CliRunner.Run created = cli.run("create", "--source", src.toString(), "--output", "s3://" + BUCKET + "/big",
        "--s3-part-size", "5M", "--json").expect(0);
    String location = created.out().replaceAll("(?s).*\"archive\" : \"(s3://[^\"]+)\".*", "$1");
    String key = location.substring(("s3://" + BUCKET + "/").length());
    String etag = s3.raw().headObject(HeadObjectRequest.builder().bucket(BUCKET).key(key).build()).eTag();
    assertTrue(etag.matches("\"?[0-9a-f]+-[3-9]\"?"), "multipart ETag expected, got " + etag);
    cli.run("verify", location).expect(0);
  }

  @Test
  void connectionsCutDuringS3UploadAndDownload_areRetried_andTheArchiveArrivesWhole() throws Exception {
    addIncompressible(src, 12 << 20);
    // the first two answers past 4 KiB are cut, on whichever pooled connection carries them
    try (io.airgap.archiver.testing.DroppingProxy proxy = io.airgap.archiver.testing.DroppingProxy.cuttingFirst(
        s3.endpoint().getPort(), 2, 4096)) {
      cli.env("AWS_ENDPOINT_URL", "http://127.0.0.1:" + proxy.port());
      CliRunner.Run created = cli.run("create", "--source", src.toString(), "--output", "s3://" + BUCKET + "/flaky",
          "--s3-part-size", "5M", "--sign-key", keys.secret().toString(), "--json").expect(0);
      String location = created.out().replaceAll("(?s).*\"archive\" : \"(s3://[^\"]+)\".*", "$1");
      cli.run("verify", location, "--trust", keys.pub().toString()).expect(0);
      assertTrue(proxy.drops() >= 1, "the proxy cut no connection");
    }
  }

  @Test
  void wrongCredentials_failWithExit1_andNeverShowTheSecret() {
    String secret = "not-the-right-secret-value-123";
    cli.env("AWS_SECRET_ACCESS_KEY", secret);
    CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", "s3://" + BUCKET + "/x").expect(1);
    assertTrue(run.err().contains("credentials"), run.err());
    assertFalse(run.all().contains(secret));
    assertFalse(run.all().contains(S3ProxyFixture.SECRET_KEY));
  }

  @Test
  void splitArchive_verifiesAndRestores_alteredPartIsExit3_missingPartIsNamed() throws Exception {
    addIncompressible(src, 300_000);
    Path usb = tmp.resolve("usb");
    cli.run("create", "--source", src.toString(), "--output", usb.toString(), "--split", "100K",
        "--sign-key", keys.secret().toString()).expect(0);
    List<Path> parts = new ArrayList<>(Fixtures.listAll(usb).stream().filter(p -> p.toString().matches(".*\\.part\\d+")).sorted().toList());
    assertTrue(parts.size() >= 3, parts.toString());
    for (Path p : parts) {
      assertTrue(Files.size(p) <= 100 * 1024, p + " is larger than the part size");
    }
    Path index = Fixtures.listAll(usb).stream().filter(p -> p.toString().endsWith(".parts.json")).findFirst().orElseThrow();
    cli.run("verify", index.toString(), "--trust", keys.pub().toString()).expect(0);
    cli.run("verify", parts.get(0).toString(), "--trust", keys.pub().toString()).expect(0);
    cli.run("verify", usb.toString(), "--trust", keys.pub().toString()).expect(0);
    Path target = tmp.resolve("target.git");
    cli.run("restore", usb.toString(), "--target", target.toString(), "--trust", keys.pub().toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));

    byte[] second = Files.readAllBytes(parts.get(1));
    second[100] ^= 1;
    Files.write(parts.get(1), second);
    CliRunner.Run altered = cli.run("verify", usb.toString(), "--trust", keys.pub().toString()).expect(3);
    assertTrue(altered.err().contains(parts.get(1).getFileName().toString()), altered.err());

    Files.delete(parts.get(2));
    CliRunner.Run missing = cli.run("verify", usb.toString(), "--trust", keys.pub().toString());
    assertTrue(missing.exitCode() != 0, missing.all());
    assertTrue(missing.err().contains(parts.get(2).getFileName().toString()), missing.err());
  }

  @Test
  void fullOutputDisk_givesAClearError_andLeavesNoFileBehind() throws Exception {
    addIncompressible(src, 2 << 20);
    Path small = Files.createDirectories(tmp.resolve("small-disk"));
    Fixtures.ProcessResult mount = Fixtures.exec(tmp, "mount", "-t", "tmpfs", "-o", "size=1M", "tmpfs", small.toString());
    assertEquals(0, mount.exitCode(), "this test mounts a 1 MiB tmpfs (CI runs as root): " + mount.output());
    try {
      CliRunner.Run run = cli.run("create", "--source", src.toString(), "--output", small.toString()).expect(1);
      assertTrue(run.err().contains("not enough free space in " + small), run.err());
      assertEquals(List.of(), Fixtures.listAll(small));
    } finally {
      Fixtures.exec(tmp, "umount", small.toString());
    }
  }
}
