package io.airgap.archiver.cli;

import static io.airgap.archiver.cli.HostileArchives.concat;
import static io.airgap.archiver.cli.HostileArchives.write;
import static io.airgap.archiver.cli.HostileArchives.writeInjected;
import static io.airgap.archiver.cli.HostileArchives.writeTarGz;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.cli.RawTar.Header;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.SampleRepos;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The hostile-archive corpus: each case is built here from a real signed archive (re-signed with
 * the trusted key where the attack must sit behind a valid signature) and run through both
 * {@code verify} and {@code restore}. Expected: exit 3 and a message naming the entry or field;
 * nothing written outside the workspace (a canary folder beside it stays untouched, no file named
 * evil* appears, the target repository is never created, staging is left empty).
 */
class HostileArchiveCorpusTest {
  @TempDir static Path shared;
  private static Fixtures.Keys keys;
  private static HostileArchives base;
  private static Path good;

  @TempDir Path dir;

  @BeforeAll
  static void createGoodArchive() throws Exception {
    CliRunner cli = new CliRunner(shared);
    keys = Fixtures.Keys.generate(cli, shared.resolve("keys"));
    Path src = SampleRepos.simple(shared.resolve("src"));
    cli.run("create", "--source", src.toString(), "--output", shared.resolve("out").toString(),
        "--sign-key", keys.secret().toString()).expect(0);
    good = Fixtures.onlyArchive(shared.resolve("out"));
    base = new HostileArchives(good, keys.secret());
  }

  /** What verify and restore must do with a case. */
  record Outcome(int verifyExit, String verifyMessage, int restoreExit, String restoreMessage) {
    static Outcome rejected(String message) {
      return new Outcome(3, message, 3, message);
    }

    /** Attacks only the pack can carry: verify checks the bundle header, the pack is checked on unbundling. */
    static Outcome rejectedOnUnbundle(String message) {
      return new Outcome(0, "OK", 3, message);
    }
  }

  /** Builds one hostile archive file; {@code dir} is the case's folder (for attacks aimed at it). */
  @FunctionalInterface
  interface Build {
    void write(Path archive, Path dir) throws Exception;
  }

  private static Arguments hostile(String name, Outcome outcome, Build build) {
    return Arguments.of(name, outcome, build);
  }

  private static Arguments hostile(String name, String message, Build build) {
    return hostile(name, Outcome.rejected(message), build);
  }

  /** An entry {@code header} (with {@code data}) injected after the header entries of the good archive. */
  private static Build injected(Header header, byte[] data) {
    return (archive, dir) -> writeInjected(archive, base.entries(), tar -> tar.entry(header, data));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  static Stream<Arguments> corpus() {
    byte[] evil = bytes("#!/bin/sh\nrm -rf ~\n");
    return Stream.of(
        // -- names and entry types --
        hostile("absolute path", "has an absolute path", (archive, dir) -> writeInjected(archive, base.entries(),
            tar -> tar.file(dir.resolve("canary/evil-absolute").toString(), evil))),
        hostile("'..' entry", "a '..' segment that escapes the extraction folder",
            injected(Header.file("../evil.sh", evil.length), evil)),
        hostile("'..' inside an LFS path", "a '..' segment that escapes the extraction folder",
            injected(Header.file("lfs/objects/../../../evil", evil.length), evil)),
        hostile("backslash name", "has a backslash", injected(Header.file("..\\evil", evil.length), evil)),
        hostile("control characters in a name", "has control characters",
            injected(Header.file("evil\u001b[2J", evil.length), evil)),
        hostile("name that is not UTF-8", "not valid UTF-8", (archive, dir) -> {
          Header h = Header.file("x", evil.length);
          h.name = new byte[] {'e', 'v', 'i', 'l', (byte) 0xff, (byte) 0xfe};
          writeInjected(archive, base.entries(), tar -> tar.entry(h, evil));
        }),
        hostile("overlong name via PAX", "has an overlong name", (archive, dir) -> writeInjected(archive,
            base.entries(), tar -> tar.file("evil/" + "a".repeat(2000), evil))),
        hostile("symbolic link", "\"evil-link\" is a symbolic link", injected(link("evil-link", '2', "/etc/passwd"), new byte[0])),
        hostile("hard link", "\"evil-hardlink\" is a hard link", injected(link("evil-hardlink", '1', "repo.bundle"), new byte[0])),
        hostile("character device", "\"evil-dev\" is a device", injected(Header.of("evil-dev", '3', 0), new byte[0])),
        hostile("block device", "\"evil-disk\" is a device", injected(Header.of("evil-disk", '4', 0), new byte[0])),
        hostile("FIFO", "\"evil-fifo\" is a FIFO", injected(Header.of("evil-fifo", '6', 0), new byte[0])),
        hostile("directory", "\"lfs/\" is a directory", injected(Header.of("lfs/", '5', 0), new byte[0])),
        hostile("regular file naming a link target", "names a link target",
            injected(link("evil-file", '0', "/etc/shadow"), new byte[0])),
        hostile("duplicate entry", "archive holds repo.bundle twice", (archive, dir) -> {
          Map<String, byte[]> entries = base.entries();
          writeTarGz(archive, tar -> tar.files(entries).file("repo.bundle", entries.get("repo.bundle")).end());
        }),
        // -- malformed headers --
        hostile("bad header checksum", "has a bad checksum", (archive, dir) -> {
          Header h = Header.file("evil.sh", evil.length);
          h.checksumDelta = 1;
          writeInjected(archive, base.entries(), tar -> tar.entry(h, evil));
        }),
        hostile("size field not octal", "has a size field that is not an octal number",
            injected(Header.file("evil.sh", 0).rawSize(bytes("0000000001x\0")), new byte[0])),
        hostile("negative size (base-256)", "has a negative size",
            injected(Header.file("evil.sh", 0).rawSize(filled(12, 0xff)), new byte[0])),
        hostile("base-256 size", "has a base-256 size", (archive, dir) -> {
          byte[] size = new byte[12];
          size[0] = (byte) 0x80;
          size[11] = 1;
          writeInjected(archive, base.entries(), tar -> tar.entry(Header.file("evil.sh", 0).rawSize(size), new byte[512]));
        }),
        hostile("numeric field smuggled behind a NUL", "has a mode field that is not an octal number", (archive, dir) -> {
          Header h = Header.file("evil.sh", evil.length);
          h.mode = "\u00000000777";
          writeInjected(archive, base.entries(), tar -> tar.entry(h, evil));
        }),
        hostile("size beyond the expansion ceiling", "declares 1125899906842624 bytes, more than the 1.0 TiB",
            (archive, dir) -> writeInjected(archive, base.entries(),
                tar -> tar.pax("size", String.valueOf(1L << 50)).entry(Header.file("evil.sh", 0), new byte[0]))),
        hostile("GNU tar header", "is a GNU tar header", (archive, dir) -> {
          Header h = Header.file("evil.sh", evil.length);
          h.magic = "ustar ";
          h.version = " \0";
          writeInjected(archive, base.entries(), tar -> tar.entry(h, evil));
        }),
        hostile("pre-POSIX header without magic", "is not a POSIX ustar header", (archive, dir) -> {
          Header h = Header.file("evil.sh", evil.length);
          h.magic = "";
          h.version = "";
          writeInjected(archive, base.entries(), tar -> tar.entry(h, evil));
        }),
        // -- PAX and GNU extensions --
        hostile("PAX path that escapes", "\"../../evil.sh\" has a '..' segment", (archive, dir) -> writeInjected(archive,
            base.entries(), tar -> tar.pax("path", "../../evil.sh").entry(Header.file("harmless", evil.length), evil))),
        hostile("PAX absolute path (Commons Compress would strip the '/')", "\"/etc/cron.d/evil\" has an absolute path",
            (archive, dir) -> writeInjected(archive, base.entries(),
                tar -> tar.pax("path", "/etc/cron.d/evil").entry(Header.file("harmless", evil.length), evil))),
        hostile("PAX linkpath", "has a PAX linkpath", (archive, dir) -> writeInjected(archive, base.entries(),
            tar -> tar.pax("linkpath", "/etc/passwd").entry(Header.file("evil", 0), new byte[0]))),
        hostile("huge PAX header", "is 1048576 bytes, more than the 65536 allowed", (archive, dir) -> writeInjected(
            archive, base.entries(), tar -> tar.paxRaw('x', new byte[1 << 20]).entry(Header.file("evil", 0), new byte[0]))),
        hostile("PAX record with a lying length", "has a malformed PAX record", (archive, dir) -> writeInjected(archive,
            base.entries(), tar -> tar.paxRaw('x', bytes("99 path=evil\n")).entry(Header.file("evil", 0), new byte[0]))),
        hostile("PAX path that is not UTF-8", "has a PAX record that is not valid UTF-8", (archive, dir) ->
            writeInjected(archive, base.entries(), tar -> tar.paxRaw('x', concat(bytes("15 path=evil"),
                new byte[] {(byte) 0xff, (byte) 0xfe, '\n'})).entry(Header.file("evil", 0), new byte[0]))),
        hostile("PAX field set twice", "sets PAX field \"path\" twice", (archive, dir) -> writeInjected(archive,
            base.entries(), tar -> tar.pax("path", "ok", "path", "../evil").entry(Header.file("evil", 0), new byte[0]))),
        hostile("PAX vendor extension", "PAX field \"SCHILY.xattr.security.capability\", which archives never carry",
            (archive, dir) -> writeInjected(archive, base.entries(), tar -> tar.pax("SCHILY.xattr.security.capability", "x")
                .entry(Header.file("evil", 0), new byte[0]))),
        hostile("PAX GNU sparse map", "a GNU sparse-file record (GNU.sparse.map)", (archive, dir) -> writeInjected(
            archive, base.entries(), tar -> tar.pax("GNU.sparse.map", "0,1048576").entry(Header.file("evil", 0), new byte[0]))),
        hostile("negative PAX size", "has an invalid PAX size \"-1\"", (archive, dir) -> writeInjected(archive,
            base.entries(), tar -> tar.pax("size", "-1").entry(Header.file("evil", 0), new byte[0]))),
        hostile("two PAX headers in a row", "has two PAX extended headers in a row", (archive, dir) -> writeInjected(
            archive, base.entries(), tar -> tar.pax("path", "a").pax("path", "b").entry(Header.file("evil", 0), new byte[0]))),
        hostile("global PAX header", "is a global PAX header", (archive, dir) -> writeInjected(archive, base.entries(),
            tar -> tar.paxRaw('g', RawTar.paxRecord("path", "../evil")))),
        hostile("GNU long name", "is a GNU long name header", (archive, dir) -> writeInjected(archive, base.entries(),
            tar -> tar.entry(Header.of("././@LongLink", 'L', 10), bytes("../evil\0\0\0")))),
        hostile("GNU long link", "is a GNU long link header", (archive, dir) -> writeInjected(archive, base.entries(),
            tar -> tar.entry(Header.of("././@LongLink", 'K', 12), bytes("/etc/passwd\0")))),
        hostile("GNU sparse file", "is a GNU sparse file", injected(Header.of("evil-sparse", 'S', 0), new byte[0])),
        // -- the gzip and tar streams --
        hostile("gzip bomb in a listed entry", "times its compressed size", (archive, dir) -> {
          Map<String, byte[]> entries = base.entries();
          long size = 96L << 20;
          writeTarGz(archive, tar -> {
            entries.forEach((name, data) -> {
              if (name.equals("restore-scripts/verify.sh")) {
                tar.zeros(Header.file(name, size), size);
              } else {
                tar.file(name, data);
              }
            });
            tar.end();
          });
        }),
        hostile("trailing garbage after the gzip stream", "trailing data follows the gzip stream",
            (archive, dir) -> Files.write(archive, concat(Files.readAllBytes(good), bytes("garbage")))),
        hostile("second gzip member after the archive", "followed by a second gzip member", (archive, dir) -> {
          ByteArrayOutputStream extra = new ByteArrayOutputStream();
          new RawTar(extra).file("evil.sh", evil).end();
          Files.write(archive, concat(Files.readAllBytes(good), RawTar.gzip(extra.toByteArray())));
        }),
        hostile("data after the tar end marker", "data follows the tar end-of-archive marker", (archive, dir) ->
            writeTarGz(archive, tar -> tar.files(base.entries()).raw(new byte[1024]).raw(bytes("evil")).raw(new byte[508]))),
        hostile("megabytes of zeros after the end marker", "of zeros follow the tar end-of-archive marker",
            (archive, dir) -> writeTarGz(archive, tar -> tar.files(base.entries()).end().raw(new byte[2 << 20]))),
        hostile("tar without its end marker", "ends without the tar end-of-archive marker",
            (archive, dir) -> writeTarGz(archive, tar -> tar.files(base.entries()))),
        hostile("gzip header with reserved flags", "the gzip header sets reserved flags", (archive, dir) -> {
          byte[] bytes = Files.readAllBytes(good);
          bytes[3] |= 0x20;
          Files.write(archive, bytes);
        }),
        hostile("gzip header with a 4 KiB file name", "the gzip header's file name is longer than 1024 bytes",
            (archive, dir) -> {
              byte[] bytes = Files.readAllBytes(good);
              byte[] header = Arrays.copyOf(bytes, 10);
              header[3] = 0x08;
              byte[] name = concat(filled(4096, 'a'), new byte[1]);
              Files.write(archive, concat(concat(header, name), Arrays.copyOfRange(bytes, 10, bytes.length)));
            }),
        hostile("plain tar, not gzip'd", "does not start with the gzip signature", (archive, dir) -> {
          try (GZIPInputStream in = new GZIPInputStream(Files.newInputStream(good))) {
            Files.write(archive, in.readAllBytes());
          }
        }),
        // -- JSON (re-signed, so verify reaches the parser) --
        hostile("manifest nested 10,000 levels deep", "nesting depth", (archive, dir) -> write(archive,
            base.withManifestText(t -> t.replaceFirst("\\{", "{\"deep\": " + "[".repeat(10_000) + "]".repeat(10_000) + ",")))),
        hostile("manifest with a 2 MiB string", "String value length", (archive, dir) -> write(archive,
            base.withManifestText(t -> t.replaceFirst("\\{", "{\"big\": \"" + "a".repeat(2 << 20) + "\",")))),
        hostile("manifest with a 100-digit number", "Number value length", (archive, dir) -> write(archive,
            base.withManifestText(t -> t.replaceFirst("\\{", "{\"n\": " + "1".repeat(100) + ",")))),
        hostile("manifest with a duplicate key", "Duplicate field 'format'", (archive, dir) -> write(archive,
            base.withManifestText(t -> t.replaceFirst("\\{", "{\"format\": \"airgap-archive/1\",")))),
        hostile("newer format version", "\"airgap-archive/2\" is newer than this tool understands", (archive, dir) ->
            write(archive, base.withManifest(m -> m.put("format", "airgap-archive/2")))),
        hostile("older, never released format", "\"airgap-archive/0.9\" is not one this tool reads", (archive, dir) ->
            write(archive, base.withManifest(m -> m.put("format", "airgap-archive/0.9")))),
        hostile("malformed format version", "whose version is malformed", (archive, dir) ->
            write(archive, base.withManifest(m -> m.put("format", "airgap-archive/1x")))),
        hostile("foreign format", "which is not an Air-Gap Archiver archive format", (archive, dir) ->
            write(archive, base.withManifest(m -> m.put("format", "other-tool/1")))),
        hostile("manifest ref name with '..'", "invalid ref name \"refs/heads/a..b\": it contains '..'",
            (archive, dir) -> write(archive, base.withManifest(m -> ((ObjectNode) m.get("refs"))
                .put("refs/heads/a..b", base.bundleRef("refs/heads/main"))))),
        hostile("manifest ref name starting with '-'", "\"refs/heads/-rf\": it has a component starting with '-'",
            (archive, dir) -> write(archive, base.withManifest(m -> ((ObjectNode) m.get("refs"))
                .put("refs/heads/-rf", base.bundleRef("refs/heads/main"))))),
        hostile("source name '..' (names the workspace folder)", "source.name \"..\" is not a repository name",
            (archive, dir) -> write(archive, base.withManifest(m -> {
              ObjectNode source = (ObjectNode) m.get("source");
              source.put("name", "..");
              source.remove("id");
            }))),
        hostile("source name with encoded slashes (a fleet target)", "source.name \"..%2F..%2Fescaped\" is not a"
            + " repository name: it has the character '%'", (archive, dir) -> write(archive,
                base.withManifest(m -> ((ObjectNode) m.get("source")).put("name", "..%2F..%2Fescaped")))),
        hostile("source name with a fragment mark", "source.name \"victim#\" is not a repository name",
            (archive, dir) -> write(archive, base.withManifest(m -> ((ObjectNode) m.get("source")).put("name", "victim#")))),
        hostile("forge path that climbs", "forge.path \"g/../../evil\" is not a forge path: it has the segment '..'",
            (archive, dir) -> write(archive, base.withManifest(m -> m.putObject("forge").put("kind", "gitlab")
                .put("path", "g/../../evil")))),
        hostile("forge path with an escape sequence", "forge.path \"g/a\\x1b[2J\" is not a forge path",
            (archive, dir) -> write(archive, base.withManifest(m -> m.putObject("forge").put("kind", "gitlab")
                .put("path", "g/a\u001b[2J")))),
        hostile("source id with a path", "source.id \"../../../evil\" is not a plain identifier", (archive, dir) ->
            write(archive, base.withManifest(m -> ((ObjectNode) m.get("source")).put("id", "../../../evil")))),
        hostile("negative LFS size", "a negative size (-5)", (archive, dir) -> write(archive, base.withManifest(
            m -> m.putArray("lfs").addObject().put("oid", "a".repeat(64)).put("size", -5)))),
        hostile("dependency path that escapes", "a dependency with an unsafe path \"../../evil.jar\"", (archive, dir) ->
            write(archive, base.withManifest(m -> m.putArray("dependencies").addObject().put("path", "../../evil.jar")))),
        // -- SHA256SUMS and sizes --
        hostile("SHA256SUMS listing a '..' path", "lists an unsafe path \"../evil.sh\"", (archive, dir) ->
            write(archive, withExtraSumsLine("0".repeat(64) + "  ../evil.sh\n"))),
        hostile("SHA256SUMS listing its own signature", "lists SHA256SUMS.asc, which SHA256SUMS cannot cover",
            (archive, dir) -> write(archive, withExtraSumsLine("0".repeat(64) + "  SHA256SUMS.asc\n"))),
        hostile("LFS object larger than the manifest says", "bytes but manifest.json says", (archive, dir) -> {
          byte[] object = bytes("large file content\n");
          String oid = Sha256.of(object);
          Map<String, byte[]> entries = base.withManifest(m -> m.putArray("lfs").addObject().put("oid", oid).put("size", 3));
          Map<String, byte[]> withObject = new LinkedHashMap<>();
          entries.forEach((name, data) -> {
            withObject.put(name, data);
            if (name.equals("repo.bundle")) {
              withObject.put("lfs/objects/" + oid.substring(0, 2) + "/" + oid.substring(2, 4) + "/" + oid, object);
            }
          });
          write(archive, base.signed(withObject));
        }),
        // -- bundle headers that lie (re-signed) --
        hostile("bundle listing a ref twice", "repo.bundle header lists refs/heads/main twice", (archive, dir) ->
            write(archive, base.withBundleHeader(h -> h.replace("\n\n", "\n" + base.bundleRef("refs/heads/main")
                + " refs/heads/main\n\n")))),
        hostile("bundle ref name git refuses", "repo.bundle header lists an invalid ref name \"refs/heads/x..y\"",
            (archive, dir) -> write(archive, base.withBundleHeader(h -> h.replace("\n\n", "\n"
                + base.bundleRef("refs/heads/main") + " refs/heads/x..y\n\n")))),
        hostile("bundle prerequisite the manifest does not list", "the bundle requires commit " + "e".repeat(40)
            + ", which manifest.json does not list", (archive, dir) -> write(archive, base.withBundleHeader(
                h -> h.replaceFirst("\n", "\n-" + "e".repeat(40) + " evil\n")))),
        hostile("bundle claiming a ref its pack lacks", Outcome.rejectedOnUnbundle(
            "refs/heads/main at " + "1".repeat(40) + ", but its pack does not contain those objects"),
            (archive, dir) -> {
              String real = base.bundleRef("refs/heads/main");
              Map<String, byte[]> entries = base.withBundleHeader(h -> h.replace(real, "1".repeat(40)));
              String manifest = new String(entries.get("manifest.json"), StandardCharsets.UTF_8).replace(real, "1".repeat(40));
              entries.put("manifest.json", bytes(manifest));
              write(archive, base.signed(entries));
            }),
        hostile("bundle whose pack is corrupt", Outcome.rejectedOnUnbundle("repo.bundle's pack is corrupt"),
            (archive, dir) -> {
              Map<String, byte[]> entries = base.entries();
              byte[] bundle = entries.get("repo.bundle");
              bundle[bundle.length - 30] ^= 0x55;
              write(archive, base.signed(entries));
            }),
        hostile("bundle with a '.git' tree entry", Outcome.rejectedOnUnbundle(
            "repo.bundle holds a tree entry that is unsafe to check out"), (archive, dir) ->
            write(archive, withCraftedBundle(CraftedBundle.withDotGitTree(shared.resolve("crafted-" + System.nanoTime()))))),
        hostile("bundle whose pack lacks a blob its tree names", Outcome.rejectedOnUnbundle(
            "repo.bundle's pack does not contain the complete history of the refs its header lists"), (archive, dir) ->
            write(archive, withCraftedBundle(CraftedBundle.withoutItsBlob(shared.resolve("crafted-" + System.nanoTime()))))),
        // -- signatures --
        hostile("signature that is text", "SHA256SUMS.asc is not a valid OpenPGP signature", (archive, dir) ->
            write(archive, withSignature(bytes("this is not a signature\n")))),
        hostile("signature replaced by a public key", "it holds a public key, not a detached signature",
            (archive, dir) -> write(archive, withSignature(Files.readAllBytes(keys.pub())))),
        hostile("signature with broken armour", "SHA256SUMS.asc is not a valid OpenPGP signature", (archive, dir) -> {
          String armour = new String(base.entries().get("SHA256SUMS.asc"), StandardCharsets.US_ASCII);
          int body = armour.indexOf("\n\n") + 2;
          char c = armour.charAt(body + 10);
          write(archive, withSignature(bytes(armour.substring(0, body + 10) + (c == 'A' ? 'B' : 'A')
              + armour.substring(body + 11))));
        }),
        hostile("signature packet cut short", "malformed OpenPGP packets", (archive, dir) ->
            write(archive, withSignature(new byte[] {(byte) 0x89, 0x01, 0x00, 0x04, 0x00, 0x01}))),
        hostile("signature subpacket declaring 4 GiB", "a signature subpacket declares 4294967280 bytes",
            (archive, dir) -> write(archive, withSignature(new byte[] {(byte) 0xc2, 0x10, 0x04, 0x00, 0x16, 0x08, 0x00,
                0x06, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 0x02, 0x00, 0x00, 0x00, 0x00}))),
        hostile("signature of 70,000 bytes", "SHA256SUMS.asc is 70000 bytes, more than the 65536 allowed",
            (archive, dir) -> write(archive, withSignature(filled(70_000, 'A')))));
  }

  private static Header link(String name, char type, String target) {
    Header h = Header.of(name, type, 0);
    h.linkName = target;
    return h;
  }

  private static byte[] filled(int length, int value) {
    byte[] b = new byte[length];
    Arrays.fill(b, (byte) value);
    return b;
  }

  private static Map<String, byte[]> withSignature(byte[] signature) {
    Map<String, byte[]> entries = base.entries();
    entries.put("SHA256SUMS.asc", signature);
    return entries;
  }

  /** The good entries with {@code crafted} as the bundle, and a manifest naming its one ref, signed. */
  private static Map<String, byte[]> withCraftedBundle(CraftedBundle crafted) throws Exception {
    Map<String, byte[]> entries = base.withManifest(m -> {
      m.putObject("refs").put("refs/heads/main", crafted.commit());
      m.put("head", "refs/heads/main");
    });
    entries.put("repo.bundle", crafted.bundle());
    return base.signed(entries);
  }

  /** The good entries with one more line in SHA256SUMS, signed by the trusted key. */
  private static Map<String, byte[]> withExtraSumsLine(String line) {
    Map<String, byte[]> entries = base.entries();
    String sums = new String(entries.get("SHA256SUMS"), StandardCharsets.UTF_8) + line;
    return base.signedSums(entries, bytes(sums));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corpus")
  void hostileArchive_isRejectedPrecisely_andNothingLeavesTheWorkspace(String name, Outcome expected, Build build)
      throws Exception {
    Path canary = Files.createDirectories(dir.resolve("canary"));
    Files.writeString(canary.resolve("keep.txt"), "canary");
    Path archive = dir.resolve("hostile.tar.gz");
    build.write(archive, dir);
    CliRunner cli = new CliRunner(dir);
    Path target = dir.resolve("target.git");

    CliRunner.Run verify = cli.run("verify", archive.toString(), "--trust", keys.pub().toString());
    assertOutcome("verify", verify, expected.verifyExit(), expected.verifyMessage());
    CliRunner.Run deep = cli.run("verify", "--deep", archive.toString(), "--trust", keys.pub().toString());
    assertOutcome("verify --deep", deep, expected.restoreExit(), expected.restoreMessage());
    CliRunner.Run restore = cli.run("restore", archive.toString(), "--target", target.toString(),
        "--trust", keys.pub().toString());
    assertOutcome("restore", restore, expected.restoreExit(), expected.restoreMessage());

    assertFalse(Files.exists(target), "nothing may be restored to the target");
    try (Stream<Path> top = Files.list(dir)) {
      Set<String> allowed = Set.of("canary", "hostile.tar.gz", "cache", "workspaces", "logs");
      top.forEach(p -> assertTrue(allowed.contains(p.getFileName().toString()), "written outside the workspace: " + p));
    }
    try (Stream<Path> inCanary = Files.list(canary)) {
      assertEquals(List.of(canary.resolve("keep.txt")), inCanary.toList(), "the canary folder was written to");
    }
    assertEquals("canary", Files.readString(canary.resolve("keep.txt")));
    try (Stream<Path> all = Files.walk(dir)) {
      all.filter(p -> p.getFileName().toString().startsWith("evil"))
          .forEach(p -> { throw new AssertionError("an attack payload was written: " + p); });
    }
    for (Path workspace : Fixtures.listAll(dir.resolve("workspaces"))) {
      assertTrue(Fixtures.listAll(workspace.resolve("staging")).isEmpty(), "staging must be cleaned up");
      if (Files.exists(workspace.resolve("repo.git"))) {
        assertTrue(CGit.refs(workspace.resolve("repo.git")).isEmpty(), "nothing may reach the workspace repository");
      }
    }
  }

  @Test
  void expansionCeiling_isSetByEnvironment() {
    CliRunner cli = new CliRunner(dir).env("ARCHIVER_MAX_EXPANSION", "8K");
    CliRunner.Run run = cli.run("verify", good.toString(), "--trust", keys.pub().toString()).expect(3);
    assertTrue(run.err().contains("the archive expands to more than 8.0 KiB (ARCHIVER_MAX_EXPANSION"), run.err());
    run = cli.env("ARCHIVER_MAX_EXPANSION", "").env("ARCHIVER_MAX_EXPANSION_RATIO", "many")
        .run("verify", good.toString(), "--trust", keys.pub().toString()).expect(2);
    assertTrue(run.err().contains("ARCHIVER_MAX_EXPANSION_RATIO must be a whole number"), run.err());
  }

  private static void assertOutcome(String command, CliRunner.Run run, int exit, String message) {
    String output = exit == 0 ? run.out() : run.err();
    if (run.exitCode() != exit || !output.contains(message)) {
      throw new AssertionError(command + ": expected exit " + exit + " with '" + message + "' but got exit "
          + run.exitCode() + "\nstdout:\n" + run.out() + "\nstderr:\n" + run.err());
    }
    assertFalse(run.err().contains("internal error") || run.err().contains("Exception"), run.err());
  }
}
