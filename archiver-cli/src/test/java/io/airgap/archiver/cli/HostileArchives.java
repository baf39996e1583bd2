package io.airgap.archiver.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.airgap.archiver.internal.Sha256;
import io.airgap.archiver.signing.ArchiveSigner;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;

/**
 * A real signed archive taken apart, and the means to put hostile ones together from it: entries
 * re-hashed and re-signed with the trusted key (so an attack sits behind a valid signature when it
 * needs to), a manifest or bundle header edited, raw tar blocks injected after the header entries.
 */
final class HostileArchives {
  static final List<String> HEADER_ENTRIES = List.of("SHA256SUMS", "SHA256SUMS.asc", "manifest.json");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Map<String, byte[]> good;
  private final ArchiveSigner signer;

  HostileArchives(Path goodArchive, Path secretKey) throws Exception {
    this.good = ArchiveTamper.read(goodArchive);
    this.signer = ArchiveSigner.load(secretKey, null);
  }

  /** A fresh copy of the good archive's entries, in archive order. */
  Map<String, byte[]> entries() {
    Map<String, byte[]> copy = new LinkedHashMap<>();
    good.forEach((name, data) -> copy.put(name, data.clone()));
    return copy;
  }

  /** SHA256SUMS recomputed over every entry but the first two and signed by the trusted key. */
  Map<String, byte[]> signed(Map<String, byte[]> entries) {
    StringBuilder sums = new StringBuilder();
    entries.forEach((name, data) -> {
      if (!name.equals("SHA256SUMS") && !name.equals("SHA256SUMS.asc")) {
        sums.append(Sha256.of(data)).append("  ").append(name).append('\n');
      }
    });
    return signedSums(entries, sums.toString().getBytes(StandardCharsets.UTF_8));
  }

  /** The entries with exactly {@code sumsBytes} as SHA256SUMS, signed by the trusted key. */
  Map<String, byte[]> signedSums(Map<String, byte[]> entries, byte[] sumsBytes) {
    Map<String, byte[]> result = new LinkedHashMap<>();
    result.put("SHA256SUMS", sumsBytes);
    try {
      result.put("SHA256SUMS.asc", signer.sign(sumsBytes, Instant.now()));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    entries.forEach((name, data) -> {
      if (!name.equals("SHA256SUMS") && !name.equals("SHA256SUMS.asc")) {
        result.put(name, data);
      }
    });
    return result;
  }

  /** The good entries with manifest.json edited as JSON, re-signed. */
  Map<String, byte[]> withManifest(Consumer<ObjectNode> edit) {
    Map<String, byte[]> entries = entries();
    try {
      ObjectNode manifest = (ObjectNode) JSON.readTree(entries.get("manifest.json"));
      edit.accept(manifest);
      entries.put("manifest.json", JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(manifest));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return signed(entries);
  }

  /** The good entries with manifest.json's text edited, re-signed. */
  Map<String, byte[]> withManifestText(UnaryOperator<String> edit) {
    Map<String, byte[]> entries = entries();
    String text = new String(entries.get("manifest.json"), StandardCharsets.UTF_8);
    entries.put("manifest.json", edit.apply(text).getBytes(StandardCharsets.UTF_8));
    return signed(entries);
  }

  /** The good entries with repo.bundle's text header edited (its pack unchanged), re-signed. */
  Map<String, byte[]> withBundleHeader(UnaryOperator<String> edit) {
    Map<String, byte[]> entries = entries();
    byte[] bundle = entries.get("repo.bundle");
    int split = indexOf(bundle, "\n\nPACK".getBytes(StandardCharsets.US_ASCII)) + 2;
    String header = new String(bundle, 0, split, StandardCharsets.UTF_8);
    byte[] newHeader = edit.apply(header).getBytes(StandardCharsets.UTF_8);
    byte[] pack = Arrays.copyOfRange(bundle, split, bundle.length);
    entries.put("repo.bundle", concat(newHeader, pack));
    return signed(entries);
  }

  /** The object id the good bundle gives {@code ref}. */
  String bundleRef(String ref) {
    String header = new String(good.get("repo.bundle"), StandardCharsets.ISO_8859_1);
    for (String line : header.split("\n")) {
      if (line.endsWith(" " + ref)) {
        return line.substring(0, 40);
      }
    }
    throw new AssertionError(ref + " is not in the bundle");
  }

  /** Writes {@code body} as a gzip'd tar to {@code file}. */
  static void writeTarGz(Path file, Consumer<RawTar> body) {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16)) {
      body.accept(new RawTar(out));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The header entries, then {@code inject}, then the payload entries and the end of the archive. */
  static void writeInjected(Path file, Map<String, byte[]> entries, Consumer<RawTar> inject) {
    writeTarGz(file, tar -> {
      tar.files(header(entries));
      inject.accept(tar);
      tar.files(payload(entries)).end();
    });
  }

  static void write(Path file, Map<String, byte[]> entries) {
    writeInjected(file, entries, tar -> { });
  }

  static Map<String, byte[]> header(Map<String, byte[]> entries) {
    Map<String, byte[]> part = new LinkedHashMap<>();
    entries.forEach((name, data) -> {
      if (HEADER_ENTRIES.contains(name)) {
        part.put(name, data);
      }
    });
    return part;
  }

  static Map<String, byte[]> payload(Map<String, byte[]> entries) {
    Map<String, byte[]> part = new LinkedHashMap<>(entries);
    HEADER_ENTRIES.forEach(part::remove);
    return part;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] joined = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, joined, a.length, b.length);
    return joined;
  }

  private static int indexOf(byte[] data, byte[] what) {
    outer:
    for (int i = 0; i + what.length <= data.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (data[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }
}
