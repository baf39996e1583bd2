package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every error line reads the same way, lower case after {@code error:}, whether picocli or core wrote it. */
class ErrorMessageStyleTest {
  @TempDir Path tmp;

  @Test
  void picocliUsageError_isLowerCaseAfterErrorPrefix_andExits2() {
    CliRunner.Run run = new CliRunner(tmp).run("verify").expect(ArchiverCli.USAGE);
    assertTrue(hasLine(run.err(), "error: missing required parameter"), run.err());
  }

  @Test
  void coreError_isLowerCaseAfterErrorPrefix_andAcronymsStay() throws Exception {
    Path archive = Files.writeString(tmp.resolve("x.tar.gz"), "not an archive");
    CliRunner.Run bad = new CliRunner(tmp).run("push", archive.toString(), "s3://a/prefix").expect(ArchiverCli.USAGE);
    assertTrue(hasLine(bad.err(), "error: invalid S3 bucket name 'a'"), bad.err());
  }

  @Test
  void errorLine_keepsNamesAndAcronymsAtTheStart() {
    assertEquals("error: SHA256SUMS is truncated", ArchiverCli.errorLine("SHA256SUMS is truncated"));
    assertEquals("error: S3 rejected the credentials", ArchiverCli.errorLine("S3 rejected the credentials"));
    assertEquals("error: missing required option", ArchiverCli.errorLine("Missing required option"));
  }

  private static boolean hasLine(String text, String start) {
    return text.lines().anyMatch(line -> line.startsWith(start));
  }
}
