package io.airgap.archiver.storage;

import io.airgap.archiver.internal.ChecksumMismatchException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.airgap.archiver.internal.BulkInputStream;

/**
 * Reads parts written by {@link SplitOutputStream} as one stream, without joining them on disk.
 * Each part is checked against the index as it is read (an altered part fails with a {@link
 * ChecksumMismatchException} naming it), and the whole against the index's total at the end.
 */
public final class SplitInputStream extends InputStream {
  private static final Pattern PART = Pattern.compile("(.+)\\.part\\d{3,}");

  private final Path folder;
  private final PartsIndex index;
  private final VerifyingInputStream whole;
  private int next;
  private VerifyingInputStream current;

  private SplitInputStream(Path folder, PartsIndex index) {
    this.folder = folder;
    this.index = index;
    this.whole =
        new VerifyingInputStream(
            new PartsReader(),
            index.size(),
            index.sha256(),
            "'" + index.name() + "' joined from its parts");
  }

  /**
   * Opens split parts from any of: the index ({@code x.parts.json}), a part ({@code x.part001}),
   * the joined name ({@code x}, when {@code x.parts.json} is beside it), or the folder (holding
   * exactly one index). Fails at once, naming the part, if a part is missing or has the wrong size.
   */
  public static SplitInputStream open(Path firstPartOrIndexOrFolder) throws IOException {
    Path indexFile = findIndex(firstPartOrIndexOrFolder);
    PartsIndex index = PartsIndex.read(indexFile);
    requireOwnIndex(index, indexFile.getFileName().toString(), indexFile.toString());
    Path folder = indexFile.toAbsolutePath().getParent();
    int number = 0;
    for (PartsIndex.Part part : index.parts()) {
      number++;
      Path file = folder.resolve(part.name());
      if (!Files.isRegularFile(file)) {
        throw new DamagedSplitArchiveException(
            "part %s of %s (%s) of '%s' is missing from %s: the split archive is incomplete"
                .formatted(number, index.parts().size(), part.name(), index.name(), folder));
      }
      long size = Files.size(file);
      if (size != part.size()) {
        throw new ChecksumMismatchException(
            "part %s of '%s' has %s bytes but the index lists %s: it was truncated or altered"
                .formatted(part.name(), index.name(), size, part.size()));
      }
    }
    return new SplitInputStream(folder, index);
  }

  /** An index is named after the archive it lists: {@code <name>.parts.json}; any other is not its own. */
  static void requireOwnIndex(PartsIndex index, String indexFileName, String where)
      throws DamagedSplitArchiveException {
    if (!indexFileName.equals(PartsIndex.fileName(index.name()))) {
      throw new DamagedSplitArchiveException("the parts index " + where + " lists the parts of '"
          + io.airgap.archiver.internal.TerminalText.line(index.name()) + "', not of the archive its file name says");
    }
  }

  /**
   * The index file of the split archive {@code given} names (the index, a part, the joined name, or
   * the folder holding exactly one index).
   *
   * @throws NoSuchFileException if there is no index where a folder or joined name is given
   * @throws DamagedSplitArchiveException if a part is given whose index is missing
   */
  public static Path locateIndex(Path given) throws IOException {
    return findIndex(given);
  }

  /** The index the parts are read by. */
  public PartsIndex index() {
    return index;
  }

  private static Path findIndex(Path given) throws IOException {
    String fileName = given.getFileName() == null ? "" : given.getFileName().toString();
    if (Files.isDirectory(given)) {
      List<Path> indexes = new ArrayList<>();
      try (DirectoryStream<Path> entries =
          Files.newDirectoryStream(given, "*" + PartsIndex.SUFFIX)) {
        entries.forEach(indexes::add);
      }
      if (indexes.size() != 1) {
        throw new NoSuchFileException(
            given.toString(),
            null,
            indexes.isEmpty()
                ? "no *" + PartsIndex.SUFFIX + " parts index in this folder"
                : indexes.size() + " parts indexes in this folder; name one of them");
      }
      return indexes.get(0);
    }
    if (fileName.endsWith(PartsIndex.SUFFIX)) {
      return requireIndex(given, given);
    }
    Matcher part = PART.matcher(fileName);
    if (part.matches()) {
      Path index = given.resolveSibling(PartsIndex.fileName(part.group(1)));
      if (!Files.isRegularFile(index)) {
        throw new DamagedSplitArchiveException("the parts index " + index + " of the part " + given
            + " is missing: the split archive is incomplete (or still being copied)");
      }
      return index;
    }
    return requireIndex(given.resolveSibling(PartsIndex.fileName(fileName)), given);
  }

  private static Path requireIndex(Path index, Path given) throws NoSuchFileException {
    if (!Files.isRegularFile(index)) {
      throw new NoSuchFileException(
          index.toString(), null, "the parts index for " + given + " is missing");
    }
    return index;
  }

  @Override
  public int read() throws IOException {
    return whole.read();
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return whole.read(b, off, len);
  }

  @Override
  public void close() throws IOException {
    if (current != null) {
      current.close();
      current = null;
    }
    next = index.parts().size();
  }

  /** Concatenates the parts, each checked on its own. */
  private final class PartsReader extends BulkInputStream {
    @Override
    protected int readSome(byte[] b, int off, int len) throws IOException {
      while (true) {
        if (current == null) {
          if (next >= index.parts().size()) {
            return -1;
          }
          current = openPart(index.parts().get(next++));
        }
        int n = current.read(b, off, len);
        if (n >= 0) {
          return n;
        }
        current.close();
        current = null;
      }
    }

    private VerifyingInputStream openPart(PartsIndex.Part part) throws IOException {
      Path file = folder.resolve(part.name());
      InputStream in;
      try {
        in = Files.newInputStream(file);
      } catch (NoSuchFileException e) {
        throw new DamagedSplitArchiveException(
            "part " + part.name() + " of '" + index.name() + "' is missing from " + folder);
      }
      return new VerifyingInputStream(
          in, part.size(), part.sha256(), "part " + part.name() + " of '" + index.name() + "'");
    }
  }
}
