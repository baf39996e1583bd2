package io.airgap.archiver.git;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airgap.archiver.archive.FuzzOutcomes;
import java.io.ByteArrayInputStream;

/** Fuzzes the git bundle header reader. */
class BundleHeaderFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readArbitraryBundleHeader(byte[] data) throws Exception {
    FuzzOutcomes.expectCleanOutcome(() -> BundleHeader.read(new ByteArrayInputStream(data)));
  }
}
