package io.airgap.archiver.archive;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.git.BundleHeader;
import io.airgap.archiver.internal.DigestingInputStream;
import io.airgap.archiver.internal.SourceReadException;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.manifest.ManifestCodec;
import io.airgap.archiver.manifest.Sha256Sums;
import io.airgap.archiver.progress.ProgressEvent;
import io.airgap.archiver.progress.ProgressListener;
import io.airgap.archiver.signing.SignatureCheck;
import io.airgap.archiver.signing.SignatureVerifier;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashSet;
import java.util.Set;

/**
 * Checks an archive in one streaming pass: signature first, then every entry's SHA-256, that no
 * entry is unlisted, missing or unsafe, that LFS entries match their oids and the manifest, and
 * that the bundle's refs are the manifest's. Entries can
 * be copied to an {@link EntrySink} on the way; the caller must discard them if this throws.
 */
public final class ArchiveVerifier {
  private static final int MAX_SUMS = 64 << 20;
  private static final int MAX_SIGNATURE = 64 << 10;
  private static final int MAX_MANIFEST = 64 << 20;

  private final TrustPolicy trust;
  private final ProgressListener progress;

  public ArchiveVerifier(TrustPolicy trust, ProgressListener progress) {
    this.trust = trust;
    this.progress = progress;
  }

  /** Verifies the stream; {@code totalBytes} (or -1) is only used to report progress. */
  public VerifiedArchive verify(InputStream raw, long totalBytes, EntrySink sink) throws ArchiverException {
    DigestingInputStream counted = DigestingInputStream.countingOnly(raw);
    try (ArchiveReader reader = ArchiveReader.open(counted, trust.limits())) {
      ArchiveReader.Entry first = reader.next();
      if (first == null || !first.name().equals(ArchiveLayout.SHA256SUMS)) {
        throw new UntrustedArchiveException("the first entry must be SHA256SUMS"
            + (first == null ? ", but the archive is empty" : ", found " + first.name()));
      }
      byte[] sumsBytes = readSmall(first, MAX_SUMS);
      Sha256Sums sums = Sha256Sums.parse(sumsBytes);
      String archiveId = Sha256.of(sumsBytes);

      ArchiveReader.Entry entry = reader.next();
      SignatureStatus status;
      String signer = null;
      String signerUserId = null;
      if (entry != null && entry.name().equals(ArchiveLayout.SIGNATURE)) {
        byte[] signature = readSmall(entry, MAX_SIGNATURE);
        if (trust.trustedKeys() != null) {
          SignatureCheck check = SignatureVerifier.verify(sumsBytes, signature, trust.trustedKeys());
          status = SignatureStatus.VERIFIED;
          signer = check.signerFingerprint();
          signerUserId = check.signerUserId();
          trust.checkSigner(signer);
        } else {
          requireAllowed("its signature cannot be checked without a trusted key (--trust KEYFILE)");
          status = SignatureStatus.NOT_CHECKED;
        }
        entry = reader.next();
      } else {
        requireAllowed("it is not signed (it has no SHA256SUMS.asc)");
        status = SignatureStatus.UNSIGNED;
      }

      if (entry == null || !entry.name().equals(ArchiveLayout.MANIFEST)) {
        throw new UntrustedArchiveException("manifest.json must follow SHA256SUMS"
            + (entry == null ? ", but the archive ends" : ", found " + entry.name()));
      }
      Set<String> pending = new HashSet<>(sums.entries().keySet());
      byte[] manifestBytes = readSmall(entry, MAX_MANIFEST);
      checkSum(sums, pending, entry.name(), Sha256.of(manifestBytes));
      Manifest manifest = ManifestCodec.read(manifestBytes);
      LfsEntryCheck lfs = LfsEntryCheck.of(manifest, sums);
      if (status == SignatureStatus.VERIFIED && !signer.equalsIgnoreCase(String.valueOf(manifest.signer()))) {
        throw new UntrustedArchiveException("manifest.json names signer " + manifest.signer()
            + " but the archive was signed by " + signer);
      }

      int count = 3;
      long bytes = 0;
      BundleHeader bundle = null;
      while ((entry = reader.next()) != null) {
        count++;
        if (entry.name().equals(ArchiveLayout.SHA256SUMS) || entry.name().equals(ArchiveLayout.SIGNATURE)) {
          throw new UntrustedArchiveException("archive holds " + entry.name() + " twice");
        }
        if (!pending.contains(entry.name())) {
          throw new UntrustedArchiveException("archive entry " + entry.name() + " is not listed in SHA256SUMS");
        }
        lfs.checkSize(entry.name(), entry.size());
        BundleHeader header = copyAndCheck(entry, sums, pending, sink);
        if (header != null) {
          bundle = header;
        }
        bytes += entry.size();
        progress.onEvent(new ProgressEvent.Progress("verify", counted.count(), totalBytes, ProgressEvent.Unit.BYTES));
      }
      if (!pending.isEmpty()) {
        throw new UntrustedArchiveException("archive is missing "
            + String.join(", ", pending.stream().sorted().limit(10).toList()) + ", listed in SHA256SUMS");
      }
      BundleConsistency.check(manifest, bundle);
      return new VerifiedArchive(archiveId, manifest, sums, status, signer, bundle, count, bytes, signerUserId);
    } catch (IOException e) {
      throw new OperationFailedException("I/O error while processing the archive: " + e.getMessage(), e);
    }
  }

  private void requireAllowed(String why) throws UntrustedArchiveException {
    if (!trust.allowUnsigned() || trust.trustedKeys() != null) {
      throw new UntrustedArchiveException("the archive is not trusted: " + why);
    }
  }

  private static byte[] readSmall(ArchiveReader.Entry entry, int max) throws UntrustedArchiveException {
    if (entry.size() > max) {
      throw new UntrustedArchiveException(entry.name() + " is " + entry.size() + " bytes, more than the "
          + max + " allowed");
    }
    try {
      return entry.content().readNBytes((int) entry.size());
    } catch (IOException e) {
      throw ArchiveReader.corrupt(e);
    }
  }

  private static void checkSum(Sha256Sums sums, Set<String> pending, String name, String actual)
      throws UntrustedArchiveException {
    String expected = sums.sha256Of(name);
    if (expected == null) {
      throw new UntrustedArchiveException("archive entry " + name + " is not listed in SHA256SUMS");
    }
    if (!expected.equals(actual)) {
      throw new UntrustedArchiveException(name + " does not match its SHA-256 in SHA256SUMS: the archive was altered or damaged");
    }
    pending.remove(name);
  }

  /** Streams one entry through the hash (and the sink), parsing the bundle header on the way. */
  private static BundleHeader copyAndCheck(
      ArchiveReader.Entry entry, Sha256Sums sums, Set<String> pending, EntrySink sink)
      throws ArchiverException, IOException {
    // read failures of the archive itself are marked, so a full disk on the sink side is not called tampering
    DigestingInputStream digesting = new DigestingInputStream(SourceReadException.marking(entry.content(), false));
    // the bundle header is read a byte at a time: through a buffer, not through every layer below
    InputStream in = new BufferedInputStream(digesting, 1 << 16);
    BundleHeader header = null;
    try (OutputStream out = sink.open(entry.name())) {
      if (entry.name().equals(ArchiveLayout.BUNDLE)) {
        header = BundleHeader.read(in);
        if (out != null) {
          out.write(header.raw());
        }
      }
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) >= 0) {
        if (out != null) {
          out.write(buf, 0, n);
        }
      }
    } catch (SourceReadException e) {
      throw ArchiveReader.corrupt(e.source());
    }
    checkSum(sums, pending, entry.name(), digesting.sha256());
    return header;
  }
}
