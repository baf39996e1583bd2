package io.airgap.archiver.manifest;

import io.airgap.archiver.api.UntrustedArchiveException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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

  public static Manifest read(byte[] json) throws UntrustedArchiveException {
    Manifest manifest;
    try {
      manifest = Json.mapper().readValue(json, Manifest.class);
    } catch (IOException e) {
      throw new UntrustedArchiveException("manifest.json is not valid: " + firstLine(e.getMessage()));
    }
    if (manifest == null || manifest.format() == null) {
      throw new UntrustedArchiveException("manifest.json has no \"format\" field");
    }
    checkFormat(manifest.format());
    if (manifest.type() == null) {
      throw new UntrustedArchiveException("manifest.json has no valid \"type\" (full or incremental)");
    }
    for (var ref : manifest.refs().entrySet()) {
      if (!ref.getKey().startsWith("refs/") || !isObjectId(ref.getValue())) {
        throw new UntrustedArchiveException("manifest.json lists an invalid ref: " + ref.getKey());
      }
    }
    return manifest;
  }

  private static void checkFormat(String format) throws UntrustedArchiveException {
    String prefix = "airgap-archive/";
    if (!format.startsWith(prefix)) {
      throw new UntrustedArchiveException("manifest.json has unknown format \"" + format + "\"");
    }
    String version = format.substring(prefix.length());
    String major = version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
    if (!major.equals("1")) {
      throw new UntrustedArchiveException("archive format \"" + format
          + "\" is newer than this tool understands (it reads airgap-archive/1): upgrade the archiver");
    }
  }

  static boolean isObjectId(String s) {
    return s != null && s.matches("[0-9a-f]{40}");
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable JSON";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
