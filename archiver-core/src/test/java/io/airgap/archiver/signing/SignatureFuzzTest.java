package io.airgap.archiver.signing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airgap.archiver.archive.FuzzOutcomes;
import io.airgap.archiver.archive.FuzzSeeds;
import java.nio.charset.StandardCharsets;

/** Fuzzes the detached-signature parser and checker with the key the seed signatures were made by. */
class SignatureFuzzTest {
  private static final byte[] DATA = "fuzz\n".getBytes(StandardCharsets.UTF_8);
  private static final TrustedKeys TRUSTED = FuzzSeeds.trustedKey();

  @FuzzTest(maxDuration = "60s")
  void verifyArbitrarySignature(byte[] signature) throws Exception {
    FuzzOutcomes.expectCleanOutcome(() -> SignatureVerifier.verify(DATA, signature, TRUSTED));
  }
}
