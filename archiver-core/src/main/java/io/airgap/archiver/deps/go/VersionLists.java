package io.airgap.archiver.deps.go;

import io.airgap.archiver.deps.Purls;
import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.deps.WantedDependency;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes the {@code <module>/@v/list} files of a proxy tree: without them {@code go list -m
 * -versions} shows nothing offline and {@code go get} of a version cannot confirm it exists.
 * Each lists the versions whose zip is carried, the ones a build can use.
 */
final class VersionLists {
  private static final String ZIP = ".zip";

  private VersionLists() {}

  static List<VendoredFile> of(List<VendoredFile> fetched, Path cache) throws IOException {
    Map<String, List<VendoredFile>> zipsByModule = new TreeMap<>();
    for (VendoredFile f : fetched) {
      int at = f.path().lastIndexOf("/@v/");
      if (at > 0 && f.path().endsWith(ZIP)) {
        zipsByModule.computeIfAbsent(f.path().substring(0, at), k -> new ArrayList<>()).add(f);
      }
    }
    List<VendoredFile> out = new ArrayList<>();
    for (Map.Entry<String, List<VendoredFile>> e : zipsByModule.entrySet()) {
      List<VendoredFile> zips = e.getValue();
      StringBuilder list = new StringBuilder();
      List<String> foundIn = List.of();
      for (VendoredFile zip : zips.stream().sorted((a, b) -> a.path().compareTo(b.path())).toList()) {
        list.append(zip.version()).append('\n');
        foundIn = WantedDependency.appendSources(foundIn, zip.foundIn());
      }
      String path = e.getKey() + "/@v/list";
      byte[] content = list.toString().getBytes(StandardCharsets.UTF_8);
      Path target = cache.resolve(path);
      Files.createDirectories(target.getParent());
      try (AtomicFileWriter w = AtomicFileWriter.open(target)) {
        w.stream().write(content);
        w.commitReplacing();
      }
      VendoredFile first = zips.get(0);
      out.add(new VendoredFile(GoEcosystem.ID, path, target, sha256(content), first.name(),
          String.join(",", zips.stream().map(VendoredFile::version).sorted().toList()), null,
          Purls.golang(first.name(), first.version()), false, foundIn));
    }
    return out;
  }

  private static String sha256(byte[] content) {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
