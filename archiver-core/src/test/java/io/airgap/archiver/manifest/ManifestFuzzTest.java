package io.airgap.archiver.manifest;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airgap.archiver.archive.FuzzOutcomes;

/** Fuzzes the manifest.json parser and its field rules. */
class ManifestFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void readArbitraryManifest(byte[] json) throws Exception {
    FuzzOutcomes.expectCleanOutcome(() -> ManifestCodec.read(json));
  }
}
