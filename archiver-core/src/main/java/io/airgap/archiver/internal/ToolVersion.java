package io.airgap.archiver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The archiver's own version, stamped into manifests. */
public final class ToolVersion {
  private static final String VERSION = load();

  private ToolVersion() {}

  public static String get() {
    return VERSION;
  }

  private static String load() {
    try (InputStream in = ToolVersion.class.getResourceAsStream("/io/airgap/archiver/version.properties")) {
      Properties p = new Properties();
      if (in != null) {
        p.load(in);
      }
      return p.getProperty("version", "unknown");
    } catch (IOException e) {
      return "unknown";
    }
  }
}
