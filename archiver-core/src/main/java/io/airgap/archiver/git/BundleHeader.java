package io.airgap.archiver.git;

import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The text header of a v2 git bundle: prerequisites and refs, read without touching the pack.
 * Refuses malformed lines, ref names git would refuse ({@link RefNames}), and any ref or
 * prerequisite listed twice.
 */
public final class BundleHeader {
  private static final String SIGNATURE = "# v2 git bundle";
  private static final int MAX_HEADER_BYTES = 64 << 20;

  private final SortedMap<String, String> refs;
  private final List<String> prerequisites;
  private final byte[] raw;

  private BundleHeader(SortedMap<String, String> refs, List<String> prerequisites, byte[] raw) {
    this.refs = Collections.unmodifiableSortedMap(refs);
    this.prerequisites = List.copyOf(prerequisites);
    this.raw = raw;
  }

  /** Every ref line, HEAD included when present. */
  public SortedMap<String, String> refs() {
    return refs;
  }

  public List<String> prerequisites() {
    return prerequisites;
  }

  /** The header bytes exactly as read, including the blank line and the 4-byte pack signature. */
  public byte[] raw() {
    return raw.clone();
  }

  /**
   * Reads the header and the following {@code PACK} signature from {@code in}, leaving the stream
   * positioned just after it.
   */
  public static BundleHeader read(InputStream in) throws UntrustedArchiveException, IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    String first = readLine(in, raw);
    if (!SIGNATURE.equals(first)) {
      throw new UntrustedArchiveException("repo.bundle is not a v2 git bundle");
    }
    SortedMap<String, String> refs = new TreeMap<>();
    List<String> prerequisites = new ArrayList<>();
    Set<String> seenPrerequisites = new HashSet<>();
    String line;
    while (!(line = readLine(in, raw)).isEmpty()) {
      if (line.startsWith("-")) {
        String id = line.length() == 41 || (line.length() > 41 && line.charAt(41) == ' ') ? line.substring(1, 41) : "";
        requireId(id, line);
        if (!seenPrerequisites.add(id)) {
          throw new UntrustedArchiveException("repo.bundle header lists prerequisite " + id + " twice");
        }
        prerequisites.add(id);
      } else {
        int sp = line.indexOf(' ');
        String id = sp == 40 ? line.substring(0, 40) : "";
        requireId(id, line);
        String name = line.substring(41);
        String problem = name.equals("HEAD") ? null : RefNames.problem(name);
        if (problem != null) {
          throw new UntrustedArchiveException("repo.bundle header lists an invalid ref name " + quoted(name)
              + ": it " + problem);
        }
        if (refs.put(name, id) != null) {
          throw new UntrustedArchiveException("repo.bundle header lists " + name + " twice");
        }
      }
    }
    byte[] pack = in.readNBytes(4);
    raw.write(pack);
    if (!"PACK".equals(new String(pack, StandardCharsets.US_ASCII))) {
      throw new UntrustedArchiveException("repo.bundle has no pack data after its header");
    }
    return new BundleHeader(refs, prerequisites, raw.toByteArray());
  }

  private static void requireId(String id, String line) throws UntrustedArchiveException {
    if (!id.matches("[0-9a-f]{40}")) {
      throw new UntrustedArchiveException("repo.bundle header line is malformed: " + quoted(line));
    }
  }

  private static String quoted(String text) {
    StringBuilder sb = new StringBuilder("\"");
    text.codePoints().limit(100).forEach(c -> sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", c)
        : Character.toString(c)));
    return sb.append(text.length() > 100 ? "...\"" : "\"").toString();
  }

  private static String readLine(InputStream in, ByteArrayOutputStream raw)
      throws IOException, UntrustedArchiveException {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while ((b = in.read()) != '\n') {
      if (b < 0) {
        throw new UntrustedArchiveException("repo.bundle ends inside its header");
      }
      line.write(b);
      if (raw.size() + line.size() > MAX_HEADER_BYTES) {
        throw new UntrustedArchiveException("repo.bundle header is larger than 64 MiB");
      }
    }
    raw.write(line.toByteArray());
    raw.write('\n');
    return line.toString(StandardCharsets.UTF_8);
  }
}
