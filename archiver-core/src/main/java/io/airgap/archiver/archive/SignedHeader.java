package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.signing.SignatureVerifier;
import java.io.IOException;
import java.io.InputStream;

/**
 * Checks an archive header's signature from the first two entries only, so a fleet restore may act
 * on a manifest (create a repository through a forge's API) before the full verification that
 * restore performs anyway. The manifest is bound to {@code SHA256SUMS} by {@link ArchiveHeader}.
 */
public final class SignedHeader {
  private static final int MAX_ENTRY = 64 << 20;

  private SignedHeader() {}

  public static void check(ArchiveHeader header, TrustPolicy trust) throws ArchiverException {
    String file = header.input().name();
    try (InputStream in = header.input().open(); ArchiveReader reader = ArchiveReader.open(in)) {
      byte[] sums = read(reader.next());
      if (!Sha256.of(sums).equals(header.archiveId())) {
        throw new UntrustedArchiveException(file + " changed while it was being read");
      }
      ArchiveReader.Entry entry = reader.next();
      if (entry == null || !entry.name().equals(ArchiveLayout.SIGNATURE)) {
        if (!trust.allowUnsigned()) {
          throw new UntrustedArchiveException(file + " is not signed (it has no SHA256SUMS.asc); --allow-unsigned"
              + " restores it without that check");
        }
        return;
      }
      byte[] signature = read(entry);
      if (trust.trustedKeys() != null) {
        trust.checkSigner(SignatureVerifier.verify(sums, signature, trust.trustedKeys()).signerFingerprint());
      } else if (!trust.allowUnsigned()) {
        throw new UntrustedArchiveException(file + "'s signature cannot be checked without a trusted key (--trust KEYFILE)");
      }
    } catch (IOException e) {
      throw new OperationFailedException("cannot read archive " + file + ": " + e.getMessage(), e);
    }
  }

  private static byte[] read(ArchiveReader.Entry entry) throws UntrustedArchiveException {
    if (entry == null || entry.size() > MAX_ENTRY) {
      throw new UntrustedArchiveException("the archive's header entries are missing or too large");
    }
    try {
      return entry.content().readNBytes((int) entry.size());
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
  }
}
