package io.airgap.archiver.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/** The shell scripts every archive carries, so it can be verified and restored with stock tools. */
public final class RestoreScripts {
  private static final List<String> NAMES = List.of("restore.sh", "verify.sh",
      "setup-go.sh", "setup-maven.sh", "setup-npm.sh", "setup-python.sh");
  private static final String RESOURCE_DIR = "/io/airgap/archiver/restore-scripts/";

  private RestoreScripts() {}

  /** A script's archive path and content. */
  public record Script(String entryName, byte[] content) {}

  public static List<Script> all() {
    return NAMES.stream().map(RestoreScripts::load).toList();
  }

  private static Script load(String name) {
    try (InputStream in = RestoreScripts.class.getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw new IllegalStateException("restore script " + name + " is missing from the build");
      }
      return new Script(ArchiveLayout.RESTORE_SCRIPTS + name, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
