package io.airgap.archiver.storage;

import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import io.airgap.archiver.base.ByteSize;

/**
 * Writes one stream as numbered parts of at most {@code partSize} bytes ({@code <name>.part001},
 * {@code .part002}, ...) plus a {@link PartsIndex}, for file systems with a file size limit (FAT32:
 * 4 GiB). Atomic: parts are written through {@link AtomicFileWriter} under hidden temporary names
 * and renamed only by {@link #close()}, the index last, so a folder never holds a set of parts that looks complete but is not.
 *
 * <p>Since close() publishes, a caller whose input fails must call {@link #abort()} rather than
 * close() (so not a plain try-with-resources):
 *
 * <pre>{@code
 * SplitOutputStream out = new SplitOutputStream(folder, "x.tar.gz", ByteSize.parse("4G") - 1);
 * try {
 *   in.transferTo(out);
 *   out.close();
 * } catch (IOException e) {
 *   out.abort();
 *   throw e;
 * }
 * }</pre>
 *
 * A failed write aborts by itself.
 */
public final class SplitOutputStream extends OutputStream {
  private final Path folder;
  private final String name;
  private final long partSize;
  private final List<PartsIndex.Part> parts = new ArrayList<>();
  private final List<AtomicFileWriter> partFiles = new ArrayList<>();
  private final MessageDigest total = Sha256.newDigest();
  private MessageDigest partDigest;
  private AtomicFileWriter indexFile;
  private OutputStream current;
  private long currentSize;
  private long totalSize;
  private boolean closed;
  private PartsIndex index;

  /**
   * @param name the joined file's name; parts and index are named after it
   * @param partSize at most this many bytes per part
   */
  public SplitOutputStream(Path folder, String name, long partSize) throws IOException {
    try {
      ObjectNames.requirePlainName(name);
    } catch (io.airgap.archiver.base.InvalidRequestException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (partSize <= 0) {
      throw new IllegalArgumentException("partSize must be positive: " + partSize);
    }
    this.folder = folder;
    this.name = name;
    this.partSize = partSize;
    Files.createDirectories(folder);
  }

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    ensureOpen();
    try {
      writeParts(b, off, len);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  private void writeParts(byte[] b, int off, int len) throws IOException {
    while (len > 0) {
      if (current == null || currentSize == partSize) {
        startPart();
      }
      int n = (int) Math.min(len, partSize - currentSize);
      current.write(b, off, n);
      partDigest.update(b, off, n);
      total.update(b, off, n);
      currentSize += n;
      totalSize += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (current != null) {
      current.flush();
    }
  }

  /** Finishes the last part, writes the index, and renames everything into place. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    try {
      if (current == null) {
        startPart(); // an empty stream still gets one (empty) part, so readers need no special case
      }
      finishPart();
      index = new PartsIndex(PartsIndex.FORMAT, name, totalSize, Sha256.hex(total.digest()), parts);
      indexFile = AtomicFileWriter.open(folder.resolve(PartsIndex.fileName(name)));
      index.writeTo(indexFile.stream());
      indexFile.finishWriting();
      for (AtomicFileWriter part : partFiles) {
        part.commitReplacing();
      }
      // The index last: its presence means every part it lists is in place.
      indexFile.commitReplacing();
      closed = true;
      removeStaleParts();
      AtomicFileWriter.syncFolder(folder);
    } catch (IOException | RuntimeException e) {
      abort();
      throw e;
    }
  }

  /** Discards the parts written so far; nothing becomes visible. */
  public void abort() {
    closed = true;
    current = null;
    for (AtomicFileWriter part : partFiles) {
      part.close();
    }
    if (indexFile != null) {
      indexFile.close();
    }
  }

  /** The index that close() wrote; null before. */
  public PartsIndex index() {
    return index;
  }

  private void startPart() throws IOException {
    if (current != null) {
      finishPart();
    }
    AtomicFileWriter part = AtomicFileWriter.open(folder.resolve(PartsIndex.partName(name, partFiles.size() + 1)));
    partFiles.add(part);
    current = part.stream();
    partDigest = Sha256.newDigest();
    currentSize = 0;
  }

  private void finishPart() throws IOException {
    current = null;
    partFiles.get(partFiles.size() - 1).finishWriting();
    parts.add(
        new PartsIndex.Part(
            PartsIndex.partName(name, partFiles.size()),
            currentSize,
            Sha256.hex(partDigest.digest())));
  }

  /** Parts of an earlier, longer split of the same name would otherwise linger and confuse. */
  private void removeStaleParts() throws IOException {
    Pattern partPattern = Pattern.compile(Pattern.quote(name) + "\\.part\\d{3,}");
    List<String> current = parts.stream().map(PartsIndex.Part::name).toList();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
      for (Path entry : entries) {
        String file = entry.getFileName().toString();
        if (partPattern.matcher(file).matches() && !current.contains(file)) {
          Files.deleteIfExists(entry);
        }
      }
    }
  }

  private void ensureOpen() throws IOException {
    if (closed) {
      throw new IOException("the split output for '" + name + "' is closed");
    }
  }
}
