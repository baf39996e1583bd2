package io.airgap.archiver.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airgap.archiver.archive.FuzzOutcomes;

/** Fuzzes the SHA256SUMS parser. */
class Sha256SumsFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void parseArbitrarySums(byte[] data) throws Exception {
    FuzzOutcomes.expectCleanOutcome(() -> Sha256Sums.parse(data));
  }
}
