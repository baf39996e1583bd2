package io.airgap.archiver.signing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airgap.archiver.archive.FuzzOutcomes;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Fuzzes the detached-signature parser and checker with the key the seed signatures were made by. */
class SignatureFuzzTest {
  private static final byte[] DATA = "fuzz\n".getBytes(StandardCharsets.UTF_8);
  private static final TrustedKeys TRUSTED = trusted();

  @FuzzTest(maxDuration = "60s")
  void verifyArbitrarySignature(byte[] signature) throws Exception {
    FuzzOutcomes.expectCleanOutcome(() -> SignatureVerifier.verify(DATA, signature, TRUSTED));
  }

  private static TrustedKeys trusted() {
    try (InputStream in = SignatureFuzzTest.class.getResourceAsStream(
        "/io/airgap/archiver/archive/fuzz-seed-signing-public.asc")) {
      Path file = Files.createTempFile("fuzz-trusted", ".asc");
      Files.write(file, in.readAllBytes());
      file.toFile().deleteOnExit();
      return TrustedKeys.load(List.of(file));
    } catch (Exception e) {
      throw new IllegalStateException("cannot load the fuzz seeds' public key", e);
    }
  }
}
