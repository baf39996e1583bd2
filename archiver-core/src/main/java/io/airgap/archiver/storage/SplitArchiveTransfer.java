package io.airgap.archiver.storage;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.base.UntrustedArchiveException;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.progress.ProgressListener;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Moves a split archive (its parts, the files kept beside it, its parts index) from one store to another —
 * a folder to S3 for {@code push}, S3 to a folder for {@code pull}. Each part is checked against the index
 * as it moves (the receiving store keeps it only if its SHA-256 matched) and the whole against the index's
 * total; the index is written last, so the destination never holds an index whose parts are not all in
 * place. On failure the objects this move wrote are removed again.
 */
public final class SplitArchiveTransfer {
  private final ArchiveStore from;
  private final ArchiveStore to;
  private final ProgressListener progress;

  public SplitArchiveTransfer(ArchiveStore from, ArchiveStore to, ProgressListener progress) {
    this.from = from;
    this.to = to;
    this.progress = progress;
  }

  /** The checked index of the split archive {@code indexName} in the source store. */
  public PartsIndex index(String indexName) throws ArchiverException {
    byte[] json = readIndex(indexName);
    return parse(json, indexName);
  }

  /**
   * Moves the split archive whose index is {@code indexName}.
   *
   * @param besideSuffixes files kept beside the archive ({@code <name><suffix>}) that move with it when present
   * @param extra further small files to write beside it, by name (written before the index)
   * @return the index's location in the destination
   */
  public String move(String indexName, List<String> besideSuffixes, Map<String, byte[]> extra)
      throws ArchiverException {
    byte[] json = readIndex(indexName);
    PartsIndex index = parse(json, indexName);
    if (to.stat(indexName).isPresent()) {
      throw new InvalidRequestException(to.location() + "/" + indexName + " already exists; the split archive"
          + " is there already (delete it first to move it again)");
    }
    for (PartsIndex.Part part : index.parts()) {
      Optional<StoredObject> there = from.stat(part.name());
      if (there.isEmpty()) {
        throw new UntrustedArchiveException("part " + part.name() + " of the split archive " + from.location()
            + "/" + indexName + " is missing: the split archive is incomplete; nothing was moved");
      }
      if (there.get().size() != part.size()) {
        throw new UntrustedArchiveException("part " + part.name() + " of " + from.location() + " has "
            + there.get().size() + " bytes but its index lists " + part.size() + ": it was truncated or altered;"
            + " nothing was moved");
      }
    }
    List<String> written = new ArrayList<>();
    boolean done = false;
    try {
      java.security.MessageDigest whole = Sha256.newDigest();
      int number = 0;
      for (PartsIndex.Part part : index.parts()) {
        number++;
        progress.info("part " + number + " of " + index.parts().size() + ": " + part.name());
        written.add(part.name());
        try (InputStream in = from.get(part.name())) {
          to.put(part.name(), new WholeDigest(in, whole), part.size(), part.sha256(), progress);
        } catch (IOException e) {
          throw new OperationFailedException("cannot read part " + part.name() + " from " + from.location() + ": "
              + e.getMessage(), e);
        }
      }
      String sha256 = Sha256.hex(whole.digest());
      if (!sha256.equals(index.sha256())) {
        throw new UntrustedArchiveException("the parts of " + from.location() + "/" + indexName + " joined have"
            + " SHA-256 " + sha256 + " but the index lists " + index.sha256() + ": the index is inconsistent");
      }
      for (String suffix : besideSuffixes) {
        String name = index.name() + suffix;
        if (from.stat(name).isPresent()) {
          byte[] bytes = readSmall(name);
          written.add(name);
          to.put(name, new ByteArrayInputStream(bytes), bytes.length, Sha256.of(bytes), ProgressListener.NONE);
        }
      }
      for (Map.Entry<String, byte[]> file : extra.entrySet()) {
        written.add(file.getKey());
        to.put(file.getKey(), new ByteArrayInputStream(file.getValue()), file.getValue().length,
            Sha256.of(file.getValue()), ProgressListener.NONE);
      }
      // the index last: once it is there, every part it lists is
      to.put(indexName, new ByteArrayInputStream(json), json.length, Sha256.of(json), ProgressListener.NONE);
      done = true;
      return to.location() + "/" + indexName;
    } finally {
      if (!done) {
        for (String name : written) {
          try {
            to.delete(name);
          } catch (ArchiverException e) {
            progress.warn("could not remove " + to.location() + "/" + name + " after the failed move: "
                + e.getMessage());
          }
        }
      }
    }
  }

  private PartsIndex parse(byte[] json, String indexName) throws UntrustedArchiveException {
    String where = from.location() + "/" + indexName;
    try {
      PartsIndex index = PartsIndex.parse(json, where);
      SplitInputStream.requireOwnIndex(index, indexName, where);
      return index;
    } catch (DamagedSplitArchiveException e) {
      throw new UntrustedArchiveException("the split archive " + where + " is damaged: " + e.getMessage(), e);
    }
  }

  private byte[] readIndex(String indexName) throws ArchiverException {
    try (InputStream in = from.get(indexName)) {
      return in.readNBytes(PartsIndex.maxBytes() + 1);
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + from.location() + "/" + indexName + ": "
          + e.getMessage(), e);
    }
  }

  /** A file kept beside an archive (an approval) is small; a larger one is not moved whole. */
  private byte[] readSmall(String name) throws ArchiverException {
    try (InputStream in = from.get(name)) {
      byte[] bytes = in.readNBytes(PartsIndex.maxBytes() + 1);
      if (bytes.length > PartsIndex.maxBytes()) {
        throw new UntrustedArchiveException(from.location() + "/" + name + " is larger than 1 MiB, so it is not"
            + " a file kept beside an archive");
      }
      return bytes;
    } catch (IOException e) {
      throw new OperationFailedException("cannot read " + from.location() + "/" + name + ": " + e.getMessage(), e);
    }
  }

  /** Feeds the whole archive's digest with every byte the receiving store reads. */
  private static final class WholeDigest extends java.io.FilterInputStream {
    private final java.security.MessageDigest digest;

    WholeDigest(InputStream in, java.security.MessageDigest digest) {
      super(in);
      this.digest = digest;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        digest.update((byte) b);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = super.read(b, off, len);
      if (n > 0) {
        digest.update(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      throw new IOException("skipping is not supported while digesting");
    }
  }
}
