package io.airgap.archiver.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Go modules written in the GOPROXY layout ({@code <module>/@v/<version>.info|.mod|.zip} and {@code list}). */
final class GoFixtures {
  private GoFixtures() {}

  /** Writes one module version whose go.mod is {@code goMod} and whose other files are {@code sources}. */
  static void module(Path proxyRoot, String module, String version, String goMod, Map<String, String> sources)
      throws IOException {
    Path dir = Files.createDirectories(proxyRoot.resolve(escape(module)).resolve("@v"));
    String v = escape(version);
    Files.writeString(dir.resolve(v + ".info"), "{\"Version\":\"" + version + "\",\"Time\":\"2024-01-01T00:00:00Z\"}\n");
    Files.writeString(dir.resolve(v + ".mod"), goMod);
    Map<String, String> files = new LinkedHashMap<>();
    files.put("go.mod", goMod);
    files.putAll(sources);
    Files.write(dir.resolve(v + ".zip"), zip(module + "@" + version + "/", files));
    Files.writeString(dir.resolve("list"), version + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  static byte[] zip(String prefix, Map<String, String> files) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
      for (Map.Entry<String, String> f : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(prefix + f.getKey()));
        zip.write(f.getValue().getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  static String escape(String s) {
    StringBuilder out = new StringBuilder();
    for (char c : s.toCharArray()) {
      out.append(Character.isUpperCase(c) ? "!" + Character.toLowerCase(c) : String.valueOf(c));
    }
    return out.toString();
  }
}
