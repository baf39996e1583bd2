package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.airgap.archiver.testing.S3ProxyFixture;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;

/**
 * Beside an encrypted archive nothing says in clear what the file name does not: the store sidecar keeps source,
 * archive id, dates and recipients sealed to the recipients, and {@code list}, {@code list --chains} and
 * {@code prune} read them back with {@code --decrypt-key} (and say what they cannot show without it).
 */
class EncryptedSidecarTest {
  private static final String BUCKET = "sealed";
  private static final ObjectMapper JSON = new ObjectMapper();

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
    src = SampleRepos.rich(tmp.resolve("ledger-service-q7x"));
  }

  @AfterEach
  void tearDown() throws Exception {
    s3.close();
  }

  private CliRunner.Run create(String output, boolean sinceLast) {
    List<String> args = new ArrayList<>(List.of("create", "--source", src.toString(), "--name", "nightly",
        "--output", output, "--encrypt-to", recipientPublic.toString(), "--sign-key", signing.secret().toString()));
    if (sinceLast) {
      args.add("--since-last");
    }
    return cli.run(args.toArray(String[]::new)).expect(0);
  }

  private byte[] object(String key) {
    return s3.raw().getObjectAsBytes(GetObjectRequest.builder().bucket(BUCKET).key(key).build()).asByteArray();
  }

  /** Every secret a sidecar must not spell, as it would be spelled (either case for hex). */
  private static void assertNoneIn(String what, byte[] bytes, List<String> secrets) {
    String text = new String(bytes, StandardCharsets.ISO_8859_1);
    for (String secret : secrets) {
      for (String form : new TreeSet<>(List.of(secret, secret.toLowerCase(Locale.ROOT), secret.toUpperCase(Locale.ROOT)))) {
        assertFalse(text.contains(form), () -> what + " spells " + form + " in clear:\n" + text);
      }
    }
  }

  @Test
  void encryptedCreate_toAFolderAndToS3_leavesNoSidecarByteNamingSourceIdsOrRecipients_andTheKeyReadsThemBack()
      throws Exception {
    Path usb = tmp.resolve("usb");
    create(usb.toString(), false);
    String prefix = "s3://" + BUCKET + "/nightly";
    create(prefix, true);
    SampleRepos.commit(src, "second.txt", "second\n", "second");
    create(prefix, true);
    Thread.sleep(1100); // chains are told apart by their newest archive's second
    create(prefix, false); // a second chain

    // What the secrets are: the recipient's key id (from the archive's own packets) and the archive ids.
    JsonNode local = JSON.readTree(cli.run("list", usb.toString(), "--json").expect(0).out());
    String keyId = local.path("archives").get(0).path("encrypted_to").get(0).asText();
    assertTrue(keyId.matches("[0-9A-F]{16}"), local::toString);
    JsonNode listed = JSON.readTree(cli.run("list", prefix, "--json", "--decrypt-key", recipientSecret.toString())
        .expect(0).out());
    List<String> secrets = new ArrayList<>(List.of(keyId, keyId.substring(8), src.toString(), "ledger-service-q7x",
        src.toUri().toString()));
    Set<String> types = new TreeSet<>();
    for (JsonNode a : listed.path("archives")) {
      String id = a.path("archive_id").asText();
      assertTrue(id.length() >= 12, listed::toString);
      secrets.add(id);
      secrets.add(id.substring(0, 12));
      types.add(a.path("type").asText());
      assertEquals(keyId, a.path("encrypted_to").get(0).asText(), listed::toString);
      assertFalse(a.path("sealed").asBoolean(), listed::toString);
    }
    assertEquals(3, listed.path("archives").size(), listed::toString);
    assertEquals(Set.of("full", "incremental"), types, listed::toString);

    // The folder: nothing beside the archive at all; whatever else were there must not spell a secret either.
    for (Path file : Fixtures.listAll(usb)) {
      if (!file.getFileName().toString().endsWith(".tar.gz.gpg")) {
        assertNoneIn(file.toString(), Files.readAllBytes(file), secrets);
      }
    }
    List<Path> inFolder = Fixtures.listAll(usb);
    assertEquals(1, inFolder.size(), () -> "beside the encrypted archive: " + inFolder);

    // The store: every object but the archives themselves, byte for byte.
    List<String> keys = s3.raw().listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
    List<String> sidecars = keys.stream().filter(k -> k.endsWith(".json")).toList();
    assertEquals(3, sidecars.size(), keys::toString);
    for (String key : keys) {
      if (key.endsWith(".tar.gz.gpg")) {
        continue;
      }
      byte[] bytes = object(key);
      assertNoneIn(key, bytes, secrets);
      JsonNode sidecar = JSON.readTree(bytes);
      Set<String> fields = new TreeSet<>();
      sidecar.fieldNames().forEachRemaining(fields::add);
      assertEquals(Set.of("format", "size", "sha256", "decrypt", "sealed"), fields, sidecar::toString);
      // the sealed part is an OpenPGP message whose recipient is hidden (a wildcard key id), not spelled in binary
      byte[] sealed = Base64.getDecoder().decode(sidecar.path("sealed").asText());
      assertTrue((sealed[0] & 0x80) != 0, sidecar::toString);
      assertNoneIn(key + " (sealed, binary)", sealed, List.of(new String(hex(keyId), StandardCharsets.ISO_8859_1)));
    }

    // Without the key: listed, marked, and said what cannot be shown; chains and prune refuse (exit 2).
    CliRunner.Run keyless = cli.run("list", prefix).expect(0);
    assertTrue(keyless.out().contains("3 encrypted archives listed as \"encrypted\"")
        && keyless.out().contains("give --decrypt-key"), keyless.out());
    List<String> rows = keyless.out().lines().filter(l -> l.startsWith("nightly-")).toList();
    assertEquals(3, rows.size(), keyless.out());
    assertTrue(rows.stream().allMatch(r -> r.matches("\\S+ +encrypted +.*")), keyless.out());
    JsonNode keylessJson = JSON.readTree(cli.run("list", prefix, "--json").expect(0).out());
    assertEquals(3, keylessJson.path("sealed").asInt(), keylessJson::toString);
    CliRunner.Run chainsKeyless = cli.run("list", prefix, "--chains").expect(2);
    assertTrue(chainsKeyless.err().contains("give --decrypt-key"), chainsKeyless.err());
    CliRunner.Run pruneKeyless = cli.run("prune", prefix, "--keep-chains", "1").expect(2);
    assertTrue(pruneKeyless.err().contains("nothing was changed"), pruneKeyless.err());
    assertEquals(keys.size(), s3.raw().listObjectsV2(b -> b.bucket(BUCKET)).contents().size());

    // With it: the chains, and retention by chain.
    CliRunner.Run chains = cli.run("list", prefix, "--chains", "--decrypt-key", recipientSecret.toString()).expect(0);
    assertTrue(chains.out().contains("nightly: chain of 2") && chains.out().contains("nightly: chain of 1"),
        chains.out());
    CliRunner.Run pruned = cli.run("prune", prefix, "--keep-chains", "1", "--decrypt-key",
        recipientSecret.toString()).expect(0);
    assertTrue(pruned.out().contains("Deleted 1 chain, 2 archives"), pruned.out());
    List<String> left = s3.raw().listObjectsV2(b -> b.bucket(BUCKET)).contents().stream().map(o -> o.key()).toList();
    assertEquals(2, left.size(), left::toString);
  }

  @Test
  void pushedEncryptedArchive_sidecarCarriesNoFacts_andTheKeyListsItFromTheArchive() throws Exception {
    Path usb = tmp.resolve("usb");
    create(usb.toString(), false);
    Path archive = Fixtures.listAll(usb).get(0);
    String prefix = "s3://" + BUCKET + "/copy";
    cli.run("push", archive.toString(), prefix).expect(0);
    JsonNode sidecar = JSON.readTree(object("copy/" + archive.getFileName() + ".json"));
    Set<String> fields = new TreeSet<>();
    sidecar.fieldNames().forEachRemaining(fields::add);
    assertEquals(Set.of("format", "size", "sha256", "decrypt"), fields, sidecar::toString);
    JsonNode listed = JSON.readTree(cli.run("list", prefix, "--json", "--decrypt-key", recipientSecret.toString())
        .expect(0).out());
    assertEquals("full", listed.path("archives").get(0).path("type").asText(), listed::toString);
    assertTrue(cli.run("list", prefix).expect(0).out().contains("1 encrypted archive listed"));
  }

  private static byte[] hex(String s) {
    byte[] out = new byte[s.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(s.substring(2 * i, 2 * i + 2), 16);
    }
    return out;
  }
}
