package io.airgap.archiver.git;

import io.airgap.archiver.base.ArchiverException;
import java.nio.file.Files;
import java.util.Collection;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;

/** Lists a remote's refs without a local repository and without changing anything (for dry runs). */
public final class RemoteRefs {
  private RemoteRefs() {}

  /** The advertised refs under {@code refs/}, and HEAD's target as the entry "HEAD" when symbolic. */
  public static SortedMap<String, String> list(RemoteAccess access) throws ArchiverException {
    GitRemote remote = access.remote();
    SortedMap<String, String> refs = new TreeMap<>();
    if (remote.localPath() != null && !Files.exists(remote.localPath())) {
      return refs;
    }
    try {
      Collection<Ref> advertised = access.configure(Git.lsRemoteRepository())
          .setRemote(remote.uri().toString()).setHeads(false).setTags(false).callAsMap().values();
      for (Ref ref : advertised) {
        if (ref.getName().equals(Constants.HEAD) && ref.isSymbolic()) {
          refs.put(Constants.HEAD, ref.getTarget().getName());
        } else if (ref.getName().startsWith(Constants.R_REFS) && ref.getObjectId() != null
            && !ref.getName().endsWith("^{}")) {
          refs.put(ref.getName(), ref.getObjectId().name());
        }
      }
      return refs;
    } catch (Exception e) {
      throw GitFailures.translate("listing refs of", remote, e);
    }
  }

  /** Keeps the refs a filter accepts (drops HEAD). */
  public static SortedMap<String, String> filter(Map<String, String> refs, RefFilter filter) {
    SortedMap<String, String> kept = new TreeMap<>();
    refs.forEach((name, id) -> {
      if (!name.equals(Constants.HEAD) && filter.accepts(name)) {
        kept.put(name, id);
      }
    });
    return kept;
  }
}
