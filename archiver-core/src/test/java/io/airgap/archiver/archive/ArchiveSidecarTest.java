package io.airgap.archiver.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An encrypted archive's sidecar spells the stock procedure: stock tools check the signature and checksums before
 * anything from inside the archive runs, and a file name cannot smuggle a command into it.
 */
class ArchiveSidecarTest {
  @TempDir Path tmp;

  @Test
  void decrypt_checksWithStockToolsFirst_andRunsTheArchivesOwnScriptLast() {
    String decrypt = ArchiveSidecar.ofEncrypted(10, "00", "app-full-20260101T000000Z.tar.gz.gpg")
        .decrypt();
    List<String> steps = List.of(decrypt.split(" && "));
    assertEquals(List.of(
        "gpg --dearmor --output trusted.gpg < /path/to/archiver-signing-public.asc",
        "gpg --output app-full-20260101T000000Z.tar.gz --decrypt app-full-20260101T000000Z.tar.gz.gpg",
        "mkdir x",
        "tar xzf app-full-20260101T000000Z.tar.gz -C x",
        "cd x",
        "gpgv --keyring ../trusted.gpg SHA256SUMS.asc SHA256SUMS",
        "sha256sum --check --strict SHA256SUMS",
        "sh restore-scripts/verify.sh /path/to/archiver-signing-public.asc"), steps);
  }

  @Test
  void aFileNameWithShellSyntax_staysOneWord() throws Exception {
    String name = "x'; touch pwned; echo '$(touch pwned2).tar.gz.gpg";
    String decrypt = ArchiveSidecar.stockProcedure(name);
    String word = decrypt.substring(decrypt.indexOf(" --decrypt ") + " --decrypt ".length(), decrypt.indexOf(" && mkdir"));
    Process p = new ProcessBuilder("sh", "-c", "printf %s " + word).directory(tmp.toFile()).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertEquals(name, out);
    assertFalse(Files.exists(tmp.resolve("pwned")) || Files.exists(tmp.resolve("pwned2")));
    assertTrue(ArchiveSidecar.stockProcedure("-rf.tar.gz.gpg").contains("--decrypt ./-rf.tar.gz.gpg"));
  }
}
