package io.airgap.archiver.archive;

import io.airgap.archiver.signing.TrustedKeys;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The public key the committed fuzz seeds were signed with, as the fuzz targets trust it. */
public final class FuzzSeeds {
  private FuzzSeeds() {}

  public static TrustedKeys trustedKey() {
    try (InputStream in = FuzzSeeds.class.getResourceAsStream("fuzz-seed-signing-public.asc")) {
      Path file = Files.createTempFile("fuzz-trusted", ".asc");
      Files.write(file, in.readAllBytes());
      file.toFile().deleteOnExit();
      return TrustedKeys.load(List.of(file));
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the fuzz seeds' public key", e);
    }
  }
}
