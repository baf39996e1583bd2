package io.airgap.archiver.deps.go;

import io.airgap.archiver.internal.Hex;
import io.airgap.archiver.internal.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Go's {@code h1:} hashes (golang.org/x/mod/sumdb/dirhash Hash1), as go.sum records them: the
 * SHA-256 of the sorted lines {@code "<sha256 hex>  <name>\n"}, one per file, in base64.
 */
final class ModuleHash {
  private ModuleHash() {}

  /** The hash go.sum gives a module's go.mod: one file named {@code go.mod}. */
  static String ofGoMod(Path file) throws IOException {
    return h1(List.of(Sha256.of(Files.readAllBytes(file)) + "  go.mod\n"));
  }

  /** The hash go.sum gives a module's zip: every entry, by its name inside the zip. */
  static String ofZip(Path file) throws IOException {
    List<String> lines = new ArrayList<>();
    try (ZipFile zip = new ZipFile(file.toFile())) {
      Enumeration<? extends ZipEntry> entries = zip.entries();
      while (entries.hasMoreElements()) {
        ZipEntry e = entries.nextElement();
        if (e.getName().contains("\n")) {
          throw new IOException("a zip entry name holds a newline");
        }
        MessageDigest d = Sha256.newDigest();
        try (InputStream in = zip.getInputStream(e)) {
          byte[] buf = new byte[65536];
          int n;
          while ((n = in.read(buf)) >= 0) {
            d.update(buf, 0, n);
          }
        }
        lines.add(Hex.encode(d.digest()) + "  " + e.getName() + "\n");
      }
    }
    return h1(lines);
  }

  private static String h1(List<String> lines) {
    List<String> sorted = new ArrayList<>(lines);
    Collections.sort(sorted, (a, b) -> name(a).compareTo(name(b)));
    MessageDigest d = Sha256.newDigest();
    sorted.forEach(l -> d.update(l.getBytes(StandardCharsets.UTF_8)));
    return "h1:" + Base64.getEncoder().encodeToString(d.digest());
  }

  private static String name(String line) {
    return line.substring(66);
  }
}
