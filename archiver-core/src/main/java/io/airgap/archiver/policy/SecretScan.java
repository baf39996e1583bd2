package io.airgap.archiver.policy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;

/**
 * Runs the secret rules over the blobs whose verdict the cache does not hold yet and records the
 * verdicts: first in one pass over each pack ({@link PackBlobReader}), then the rest one by one,
 * on every core. Blobs over {@link PolicyCheck#MAX_SCAN_BYTES} get no verdict (checked by size only).
 */
final class SecretScan {
  private final Repository repo;
  private final VerdictCache cache;
  private final int threads = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), 8));

  SecretScan(Repository repo, VerdictCache cache) {
    this.repo = repo;
    this.cache = cache;
  }

  /** @return how many blobs were read and scanned */
  int scan(Collection<ObjectId> blobs) throws IOException {
    Set<ObjectId> unknown = new LinkedHashSet<>();
    for (ObjectId id : blobs) {
      if (cache.get(id.name()) == null) {
        unknown.add(id);
      }
    }
    if (unknown.isEmpty()) {
      return 0;
    }
    try {
      long budget = Math.max(8L << 20, Runtime.getRuntime().maxMemory() / (4L * threads));
      Set<ObjectId> left = new PackBlobReader(PolicyCheck.MAX_SCAN_BYTES, budget, threads)
          .read(repo, unknown, (id, content) -> cache.put(id.name(), verdict(content)));
      oneByOne(List.copyOf(left));
    } finally {
      cache.save();
    }
    return unknown.size();
  }

  static List<String> verdict(byte[] content) {
    return SecretRules.isBinary(content) ? List.of() : SecretRules.match(content);
  }

  private void oneByOne(List<ObjectId> ids) throws IOException {
    if (ids.isEmpty()) {
      return;
    }
    List<Callable<Void>> tasks = new ArrayList<>();
    int chunk = Math.max(64, ids.size() / (threads * 8) + 1);
    for (int from = 0; from < ids.size(); from += chunk) {
      List<ObjectId> part = ids.subList(from, Math.min(ids.size(), from + chunk));
      tasks.add(() -> {
        try (ObjectReader reader = repo.newObjectReader()) {
          for (ObjectId id : part) {
            List<String> verdict = scan(reader, id);
            if (verdict != null) {
              cache.put(id.name(), verdict);
            }
          }
        }
        return null;
      });
    }
    ScanPool.run(threads, "policy-scan", tasks);
  }

  /** One blob's verdict, null when too large to scan; a binary blob is recognised from its first 8000 bytes. */
  private static List<String> scan(ObjectReader reader, ObjectId id) throws IOException {
    ObjectLoader loader = reader.open(id, Constants.OBJ_BLOB);
    if (loader.getSize() > PolicyCheck.MAX_SCAN_BYTES) {
      return null;
    }
    if (loader.isLarge() || loader.getSize() > 64 * 1024) {
      try (InputStream in = loader.openStream()) {
        if (SecretRules.isBinary(in.readNBytes(8000))) {
          return List.of();
        }
      }
    }
    return verdict(loader.getCachedBytes(Integer.MAX_VALUE));
  }
}
