package io.airgap.archiver.archive;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.airgap.archiver.progress.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Fuzzes the whole archive reader — gzip, tar screen, Commons Compress, SHA256SUMS, signature,
 * manifest, bundle header — through {@link ArchiveVerifier}. The first byte picks how the rest is
 * used: 0 as the raw archive file; 1 and 2 as the tar stream, gzipped here so the fuzzer reaches
 * past the CRC; 3 the same, verified against the trusted key the seeds were signed with.
 */
class ArchiveReaderFuzzTest {
  /** Small ceilings so no input spends long inflating. */
  private static final ArchiveLimits LIMITS = new ArchiveLimits(32L << 20, 100, 1L << 20);
  private static final TrustPolicy INTEGRITY = TrustPolicy.integrityOnly().withLimits(LIMITS);
  private static final TrustPolicy SIGNED = new TrustPolicy(FuzzSeeds.trustedKey(), false, LIMITS);

  @FuzzTest(maxDuration = "60s")
  void verifyArbitraryArchive(byte[] data) throws Exception {
    if (data.length == 0) {
      return;
    }
    int mode = data[0] & 3;
    byte[] body = Arrays.copyOfRange(data, 1, data.length);
    byte[] archive = mode == 0 ? body : gzip(body);
    TrustPolicy policy = mode == 3 ? SIGNED : INTEGRITY;
    FuzzOutcomes.expectCleanOutcome(() -> new ArchiveVerifier(policy, ProgressListener.NONE)
        .verify(new ByteArrayInputStream(archive), archive.length, EntrySink.DISCARD));
  }

  static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
