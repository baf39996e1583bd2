package io.airgap.archiver.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.base.UntrustedArchiveException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import io.airgap.archiver.internal.Json;

/** Reads and writes {@code manifest.json}, refusing formats this version does not understand. */
public final class ManifestCodec {
  private ManifestCodec() {}

  public static byte[] write(Manifest manifest) {
    try {
      return (Json.prettyWriter().writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses and checks a manifest; the format is checked before the fields are bound to their types. */
  public static Manifest read(byte[] json) throws UntrustedArchiveException {
    Manifest manifest;
    try {
      JsonNode tree = Json.untrusted().readTree(json);
      if (tree == null || !tree.isObject()) {
        throw new UntrustedArchiveException("manifest.json is not a JSON object");
      }
      JsonNode format = tree.get("format");
      if (format == null || format.isNull()) {
        throw new UntrustedArchiveException("manifest.json has no \"format\" field");
      }
      if (!format.isTextual()) {
        throw new UntrustedArchiveException("manifest.json's \"format\" is not a string");
      }
      checkFormat(format.textValue());
      manifest = Json.untrusted().treeToValue(tree, Manifest.class);
    } catch (IOException e) {
      throw new UntrustedArchiveException("manifest.json is not valid: " + firstLine(e.getMessage()), e);
    }
    ManifestRules.check(manifest);
    return manifest;
  }

  /** Accepts airgap-archive/1 and 1.N; says precisely why anything else is refused. */
  private static void checkFormat(String format) throws UntrustedArchiveException {
    String prefix = "airgap-archive/";
    String shown = EntryNames.printable(format);
    if (!format.startsWith(prefix)) {
      throw new UntrustedArchiveException("manifest.json has format " + shown
          + ", which is not an Air-Gap Archiver archive format (this tool reads " + Manifest.FORMAT + ")");
    }
    String version = format.substring(prefix.length());
    if (!version.matches("\\d{1,9}(\\.\\d{1,9})?")) {
      throw new UntrustedArchiveException("manifest.json has format " + shown
          + ", whose version is malformed (expected a major version such as " + Manifest.FORMAT + " or "
          + Manifest.FORMAT + ".2)");
    }
    int major = Integer.parseInt(version.contains(".") ? version.substring(0, version.indexOf('.')) : version);
    if (major > 1) {
      throw new UntrustedArchiveException("archive format " + shown + " is newer than this tool understands"
          + " (it reads " + Manifest.FORMAT + ".x): upgrade the archiver");
    }
    if (major < 1) {
      throw new UntrustedArchiveException("archive format " + shown + " is not one this tool reads"
          + " (it reads " + Manifest.FORMAT + ".x); no released archiver wrote it");
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable JSON";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
