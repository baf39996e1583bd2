package io.airgap.archiver.deps.maven;

import io.airgap.archiver.internal.Causes;
import io.airgap.archiver.internal.ChecksumMismatchException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.aether.collection.DependencyCollectionException;
import org.eclipse.aether.resolution.ArtifactDescriptorException;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.resolution.DependencyResult;
import org.eclipse.aether.transfer.ChecksumFailureException;

/**
 * Turns the resolver's exceptions into what vendoring reports: a checksum mismatch (always fatal,
 * naming the artifact), or the artifacts that could not be fetched, each with its reason.
 */
final class ResolutionFailures {
  private ResolutionFailures() {}

  /** Artifact (as {@code g:a:ext[:classifier]:v}) to reason; throws if any failure is a checksum mismatch. */
  static Map<String, String> of(Exception e) throws ChecksumMismatchException {
    Map<String, String> out = new LinkedHashMap<>();
    if (e instanceof DependencyResolutionException dre) {
      DependencyResult result = dre.getResult();
      for (Exception collect : result == null ? List.<Exception>of() : result.getCollectExceptions()) {
        add(out, collect);
      }
      if (result != null) {
        for (ArtifactResult r : result.getArtifactResults()) {
          if (!r.isResolved()) {
            for (Exception ex : r.getExceptions()) {
              checkChecksum(ex, r.getRequest().getArtifact().toString());
            }
            out.putIfAbsent(r.getRequest().getArtifact().toString(), r.getExceptions().isEmpty() ? "not found"
                : firstLine(r.getExceptions().get(0)));
          }
        }
      }
      if (out.isEmpty()) {
        add(out, dre.getCause() instanceof Exception c ? c : dre);
      }
      return out;
    }
    add(out, e);
    return out;
  }

  private static void add(Map<String, String> out, Exception e) throws ChecksumMismatchException {
    String artifact = "?";
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ArtifactDescriptorException ade && ade.getResult() != null) {
        artifact = ade.getResult().getRequest().getArtifact().toString();
        break;
      }
      if (t instanceof DependencyCollectionException dce && dce.getResult() != null
          && !dce.getResult().getExceptions().isEmpty()) {
        List<Exception> nested = new ArrayList<>(dce.getResult().getExceptions());
        for (Exception n : nested) {
          add(out, n);
        }
        return;
      }
    }
    checkChecksum(e, artifact);
    out.putIfAbsent(artifact, firstLine(e));
  }

  static void checkChecksum(Throwable e, String artifact) throws ChecksumMismatchException {
    if (Causes.first(e, t -> t instanceof ChecksumFailureException f && f.getExpected() != null
        && !f.getExpected().isEmpty()) instanceof ChecksumFailureException c) {
      throw new ChecksumMismatchException("maven " + artifact + ": checksum mismatch: the repository declares "
          + c.getExpectedKind() + " " + c.getExpected() + ", the content has " + c.getActual());
    }
  }

  private static String firstLine(Throwable e) {
    Throwable root = Causes.root(e);
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (root != e && root.getMessage() != null && !m.contains(root.getMessage())) {
      m = m + ": " + root.getMessage();
    }
    return m.lines().findFirst().orElse(m);
  }
}
