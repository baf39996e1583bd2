package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;

/**
 * Encrypted incremental chains (full, then {@code --since-last}) through S3 with server-side encryption,
 * and split into parts on a folder: the encrypted files move and restore exactly like plain ones.
 */
class EncryptedChainTest {
  private static final String BUCKET = "transfer";
  private static final Set<String> WRITES = Set.of("PutObject", "CreateMultipartUpload", "CopyObject");

  @TempDir Path tmp;
  private S3ProxyFixture s3;
  private CliRunner cli;
  private Fixtures.Keys signing;
  private Path recipientPublic;
  private Path recipientSecret;
  private Path src;

  @BeforeEach
  void setUp() throws Exception {
    s3 = S3ProxyFixture.start();
    s3.createBucket(BUCKET);
    cli = new CliRunner(tmp)
        .s3(s3);
    signing = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    cli.run("keygen", "--purpose", "encrypt", "--out", tmp.resolve("airgap").toString()).expect(0);
    recipientPublic = tmp.resolve("airgap/archiver-encryption-public.asc");
    recipientSecret = tmp.resolve("airgap/archiver-encryption-secret.asc");
    src = SampleRepos.rich(tmp.resolve("src"));
    byte[] data = new byte[12 << 20];
    new Random(42).nextBytes(data);
    Files.write(src.resolve("blob.bin"), data);
    git(src, "add", "blob.bin");
    git(src, "commit", "-q", "-m", "binary data");
  }

  @AfterEach
  void tearDown() throws Exception {
    S3RequestLog.stop();
    s3.close();
  }

  private void commitMore(String file) {
    SampleRepos.commit(src, file, "more " + file + "\n", "add " + file);
  }

  @Test
  void encryptedChain_throughS3WithSseAes256_restoresExactRefs_andEveryWriteAsksForSse() throws Exception {
    String prefix = "s3://" + BUCKET + "/nightly";
    String[] options = {"--output", prefix, "--encrypt-to", recipientPublic.toString(), "--s3-sse", "AES256",
        "--s3-part-size", "5M", "--sign-key", signing.secret().toString(), "--since-last"};
    S3RequestLog.start();
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString()));
    args.addAll(List.of(options));
    cli.run(args.toArray(String[]::new)).expect(0);
    commitMore("second.txt");
    cli.run(args.toArray(String[]::new)).expect(0);
    List<S3RequestLog.Sent> sent = S3RequestLog.stop();

    List<S3RequestLog.Sent> writes = sent.stream().filter(s -> WRITES.contains(s.operation())).toList();
    assertTrue(writes.stream().anyMatch(s -> s.operation().equals("CreateMultipartUpload")), sent::toString);
    assertTrue(sent.stream().filter(s -> s.operation().equals("UploadPart")).count() >= 3, sent::toString);
    // archives (multipart) and sidecars (single PUT) of both runs
    assertTrue(writes.size() >= 4, sent::toString);
    for (S3RequestLog.Sent write : writes) {
      assertEquals("AES256", write.sse(), () -> write + " went out without server-side encryption");
    }

    List<String> names = s3.raw().listObjectsV2(b -> b.bucket(BUCKET).prefix("nightly/")).contents().stream()
        .map(o -> o.key().substring("nightly/".length())).sorted().toList();
    List<String> archives = names.stream().filter(n -> n.endsWith(".tar.gz.gpg")).toList();
    assertEquals(2, archives.size(), names::toString);
    String sidecar = s3.raw().getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET)
        .key("nightly/" + archives.get(0) + ".json").build()).asString(StandardCharsets.UTF_8);
    assertTrue(sidecar.contains("\"sealed\"") && !sidecar.contains("\"encrypted_to\"")
        && sidecar.contains(" --decrypt " + archives.get(0) + " "), sidecar);
    byte[] head = s3.raw().getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET)
        .key("nightly/" + archives.get(0)).range("bytes=0-0").build()).asByteArray();
    assertTrue((head[0] & 0x80) != 0, "the stored object must be an OpenPGP message, not a gzip'd archive");

    CliRunner.Run list = cli.run("list", prefix, "--decrypt-key", recipientSecret.toString()).expect(0);
    assertTrue(list.out().contains("full") && list.out().contains("incremental"), list.out());

    Path target = tmp.resolve("target.git");
    cli.run("restore", prefix, "--target", target.toString(), "--trust", signing.pub().toString(),
        "--decrypt-key", recipientSecret.toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));

    Path usb = tmp.resolve("pulled");
    for (String archive : archives) {
      cli.run("pull", prefix + "/" + archive, usb.toString()).expect(0);
      assertEquals(s3.raw().headObject(HeadObjectRequest.builder().bucket(BUCKET).key("nightly/" + archive).build())
          .contentLength(), Files.size(usb.resolve(archive)), "pull must copy the encrypted bytes as stored");
    }
    cli.run("verify", usb.resolve(archives.get(0)).toString(), "--trust", signing.pub().toString(),
        "--decrypt-key", recipientSecret.toString()).expect(0);

    // Pushed without the secret key (the connected side never has it): SSE-KMS headers, and a sidecar that
    // still shows the stock decryption procedure.
    S3RequestLog.start();
    cli.run("push", usb.resolve(archives.get(1)).toString(), "s3://" + BUCKET + "/copy", "--s3-sse", "aws:kms",
        "--s3-kms-key-id", "alias/transfer").expect(0);
    List<S3RequestLog.Sent> pushed = S3RequestLog.stop().stream().filter(s -> WRITES.contains(s.operation())).toList();
    assertTrue(pushed.size() >= 2, pushed::toString);
    for (S3RequestLog.Sent write : pushed) {
      assertEquals("aws:kms", write.sse(), write::toString);
      assertEquals("alias/transfer", write.kmsKeyId(), write::toString);
    }
    String pushedSidecar = s3.raw().getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET)
        .key("copy/" + archives.get(1) + ".json").build()).asString(StandardCharsets.UTF_8);
    assertTrue(pushedSidecar.contains(" --decrypt " + archives.get(1) + " "), pushedSidecar);
    CliRunner.Run bad = cli.run("push", usb.resolve(archives.get(1)).toString(), "s3://" + BUCKET + "/copy2",
        "--s3-sse", "DES").expect(2);
    assertTrue(bad.err().contains("--s3-sse must be AES256 or aws:kms"), bad.err());
  }

  @Test
  void encryptedChain_splitIntoPartsOnAFolder_restoresExactRefsFromTheFolder() throws Exception {
    Path usb = tmp.resolve("usb");
    // The recipients and the decryption key come from configuration files, as nightly jobs keep them.
    Path sending = Files.writeString(tmp.resolve("send.yaml"), "encrypt-to: [ \"" + recipientPublic + "\" ]\n");
    Path receiving = Files.writeString(tmp.resolve("receive.yaml"), "decrypt-key: " + recipientSecret + "\n");
    String[] create = {"create", "--config", sending.toString(), "--source", src.toString(), "--output",
        usb.toString(), "--split", "4M", "--sign-key", signing.secret().toString(), "--since-last"};
    cli.run(create).expect(0);
    commitMore("third.txt");
    cli.run(create).expect(0);

    List<Path> files = Fixtures.listAll(usb);
    List<Path> indexes = files.stream().filter(p -> p.toString().endsWith(".tar.gz.gpg.parts.json")).toList();
    assertEquals(2, indexes.size(), files::toString);
    assertTrue(files.stream().filter(p -> p.toString().matches(".*\\.tar\\.gz\\.gpg\\.part\\d+")).count() >= 4,
        files::toString);
    for (Path index : indexes) {
      cli.run("verify", index.toString(), "--trust", signing.pub().toString(), "--decrypt-key",
          recipientSecret.toString()).expect(0);
    }
    CliRunner.Run keyless = cli.run("list", usb.toString(), "--json").expect(0);
    assertTrue(keyless.out().contains("\"encrypted_to\""), keyless.out());
    assertTrue(cli.run("list", usb.toString()).expect(0).out().contains("encrypted"));
    CliRunner.Run listed = cli.run("list", usb.toString(), "--decrypt-key", recipientSecret.toString()).expect(0);
    assertTrue(listed.out().contains("full") && listed.out().contains("incremental"), listed.out());

    Path target = tmp.resolve("target.git");
    cli.run("restore", usb.toString(), "--config", receiving.toString(), "--target", target.toString(),
        "--trust", signing.pub().toString()).expect(0);
    assertEquals(CGit.refs(src), CGit.refs(target));
  }
}
