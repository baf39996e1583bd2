package io.airgap.archiver.deps.python;

import io.airgap.archiver.deps.VendoredFile;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Hex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Records what pip resolved a {@code requirements*.in} to, as a pinned requirements file under
 * {@code resolved/} beside the wheelhouse: the air-gapped side installs exactly that resolution
 * ({@code pip install --no-index -r resolved/<file>.txt}), and reviewers see what the ranges became.
 */
final class Resolutions {
  private Resolutions() {}

  /** @param label the {@code ref:path} of the {@code .in} file */
  static VendoredFile write(String label, List<PythonRequirement> pins, PythonTarget python, Path cache)
      throws IOException {
    String source = label.substring(label.indexOf(':') + 1);
    String path = "resolved/" + source.replace('/', '_').replaceFirst("\\.in$", "") + ".txt";
    StringBuilder text = new StringBuilder("# resolved by pip from " + label
        + (python.named() ? " for " + python.describe() : "") + " (Air-Gap Archiver)\n");
    pins.stream().map(p -> PythonRequirement.normalize(p.name()) + "==" + p.version()).sorted()
        .forEach(line -> text.append(line).append('\n'));
    byte[] content = text.toString().getBytes(StandardCharsets.UTF_8);
    Path target = cache.resolve(path);
    Files.createDirectories(target.getParent());
    try (AtomicFileWriter out = AtomicFileWriter.open(target)) {
      out.stream().write(content);
      out.commitReplacing();
    }
    // a file of the build, not a package: a generic component in the SBOM
    return new VendoredFile(PythonEcosystem.ID, path, target, sha256(content), source, "resolved", null,
        "pkg:generic/" + source.replace(' ', '_'), false, List.of(label));
  }

  private static String sha256(byte[] content) {
    try {
      return Hex.encode(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
