package io.airgap.archiver.restore;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.archive.ArchiveHeader;
import io.airgap.archiver.manifest.ArchiveType;
import io.airgap.archiver.progress.ProgressListener;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Orders the archives given to {@code restore} by their chain, starting from what the workspace
 * has applied. A gap or a wrong base is found here, before anything is applied or pushed.
 */
final class ChainPlanner {
  private ChainPlanner() {}

  /** The archives to apply, in order; {@code onTarget} is true when the first one builds on the target's own state. */
  record Plan(List<ArchiveHeader> archives, boolean onTarget) {}

  static Plan plan(List<ArchiveHeader> given, WorkspaceState state, ProgressListener progress) throws ArchiverException {
    Map<String, ArchiveHeader> remaining = new LinkedHashMap<>();
    given.stream().sorted(Comparator.comparing(h -> h.manifest().createdAt()))
        .forEach(h -> remaining.putIfAbsent(h.archiveId(), h));
    Set<String> applied = Set.copyOf(state.applied());
    remaining.values().removeIf(h -> {
      if (applied.contains(h.archiveId())) {
        progress.info("archive " + h.archiveId() + " is already applied in the workspace; skipping it");
        return true;
      }
      return false;
    });
    List<ArchiveHeader> order = new ArrayList<>();
    String current = state.lastApplied();
    boolean onTarget = false;
    while (!remaining.isEmpty()) {
      Optional<ArchiveHeader> next = Optional.empty();
      if (current != null) {
        String tip = current;
        next = remaining.values().stream().filter(h -> tip.equals(baseId(h))).findFirst();
      }
      if (next.isEmpty()) {
        next = remaining.values().stream().filter(h -> h.manifest().type() == ArchiveType.FULL).findFirst();
      }
      if (next.isEmpty() && current == null && order.isEmpty()) {
        List<ArchiveHeader> roots = remaining.values().stream()
            .filter(h -> !remaining.containsKey(baseId(h))).toList();
        if (roots.size() == 1) {
          next = Optional.of(roots.get(0));
          onTarget = true;
        }
      }
      if (next.isEmpty()) {
        throw gap(remaining, current);
      }
      order.add(next.get());
      remaining.remove(next.get().archiveId());
      current = next.get().archiveId();
    }
    return new Plan(order, onTarget);
  }

  private static String baseId(ArchiveHeader h) {
    return h.manifest().base() == null ? null : h.manifest().base().archiveId();
  }

  private static OperationFailedException gap(Map<String, ArchiveHeader> remaining, String current) {
    StringBuilder sb = new StringBuilder("the archives do not form a chain, so nothing was applied or pushed:");
    for (ArchiveHeader h : remaining.values()) {
      if (!remaining.containsKey(baseId(h))) {
        sb.append(" archive ").append(h.archiveId()).append(" (").append(h.input().name())
            .append(") applies on top of archive ").append(baseId(h)).append(", which is missing");
        sb.append(current == null ? " (the workspace is empty);" : " (the workspace is at " + current + ");");
      }
    }
    return new OperationFailedException(sb.append(" give the missing archive(s) too").toString());
  }
}
