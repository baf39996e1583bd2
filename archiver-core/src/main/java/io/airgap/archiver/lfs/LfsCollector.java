package io.airgap.archiver.lfs;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.archive.ArchiveLayout;
import io.airgap.archiver.archive.PayloadEntry;
import io.airgap.archiver.archive.TarGzWriter;
import io.airgap.archiver.git.GitRemote;
import io.airgap.archiver.git.RemoteAccess;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.internal.Retry;
import io.airgap.archiver.manifest.Manifest;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Create's LFS step: finds the objects the archived refs need, takes them from the local cache or a
 * local source, downloads the rest from the source's LFS server into the cache, and describes them
 * as archive entries. Objects the server lacks fail the step unless missing ones are allowed.
 */
public final class LfsCollector {
  /** How many objects {@link LfsMessages} names; only those need a path, and finding one walks trees. */
  private static final int NAMED_IN_MESSAGES = 20;

  private final Path cacheDir;
  private final LfsOptions options;
  private final ProgressListener progress;

  /** @param cacheDir create's cache folder; objects are kept under {@code <cacheDir>/lfs/objects} */
  public LfsCollector(Path cacheDir, LfsOptions options, ProgressListener progress) {
    this.cacheDir = cacheDir;
    this.options = options;
    this.progress = progress;
  }

  /**
   * Collects what the refs of {@code state} need, except {@code skipOids} (carried earlier in the
   * chain) and, scanning history, what {@code coveredTips} reach: the base's tips when its chain is
   * known to carry every LFS object they need, else none (the whole history is scanned).
   */
  public LfsCollection collect(SourceState state, RemoteAccess access, Set<String> skipOids,
      Collection<String> coveredTips) throws ArchiverException {
    SortedMap<String, PointerFile> needed;
    try {
      needed = new LfsPointerScanner(state.cache()).scan(state.refs().values(), coveredTips, options.scope(),
          skipOids);
    } catch (IOException e) {
      throw new OperationFailedException("could not scan the source for Git LFS pointers: " + e.getMessage(), e);
    }
    if (needed.isEmpty()) {
      return LfsCollection.NONE;
    }
    LfsObjectStore cache = new LfsObjectStore(cacheDir.resolve("lfs").resolve("objects"));
    SortedMap<String, Path> files = new TreeMap<>();
    List<PointerFile> wanted = new ArrayList<>();
    GitRemote remote = access.remote();
    LfsObjectStore localSource = remote.localPath() == null ? null
        : new LfsObjectStore(LfsEndpoint.local(remote.localPath()).objectsDir());
    Map<String, Exception> failures = new TreeMap<>();
    for (PointerFile object : needed.values()) {
      if (cache.has(object.oid(), object.size())) {
        files.put(object.oid(), cache.path(object.oid()));
      } else if (!takeLocal(localSource, object, files, failures)) {
        wanted.add(object);
      }
    }
    List<PointerFile> missing = new ArrayList<>();
    if (!wanted.isEmpty()) {
      LfsEndpoint found = endpoint(state, remote);
      LfsEndpoint endpoint = LfsUrlRewrite.apply(found, access.operatorGitConfigs(), false, progress);
      SshLfsAuthenticate ssh = null;
      if (SshLfsAuthenticate.applies(access, found)) {
        ssh = new SshLfsAuthenticate(access, LfsBatchApi.DOWNLOAD, progress);
        endpoint = ssh.endpoint(endpoint);
      }
      progress.info("Git LFS: " + Plural.of(needed.size(), "object") + " needed, " + wanted.size() + " to fetch from "
          + (endpoint == null ? "(no LFS server known)" : endpoint.display()));
      if (endpoint == null) {
        missing.addAll(wanted);
      } else if (endpoint.isLocal()) {
        LfsObjectStore store = new LfsObjectStore(endpoint.objectsDir());
        wanted.stream().filter(o -> !takeLocal(store, o, files, failures)).forEach(missing::add);
      } else {
        LfsBatchClient client = ssh != null && ssh.answered() ? new LfsBatchClient(endpoint, null, ssh)
            : new LfsBatchClient(endpoint, access.httpAuthorizationFor(endpoint.url()));
        LfsDownloader downloader = new LfsDownloader(client,
            new ParallelTransfers(options.transfers(), Retry.standard(), progress), progress, endpoint.display());
        missing.addAll(downloader.download(wanted, cache, failures));
        wanted.stream().filter(o -> cache.has(o.oid(), o.size())).forEach(o -> files.put(o.oid(), cache.path(o.oid())));
      }
    } else {
      progress.info("Git LFS: " + Plural.of(needed.size(), "object") + " needed, all already held locally");
    }
    if (!failures.isEmpty()) {
      Map<String, PointerFile> known = new TreeMap<>(needed);
      List<PointerFile> failed = failures.keySet().stream().map(needed::get).filter(Objects::nonNull).toList();
      withPaths(state, failed).forEach(o -> known.put(o.oid(), o));
      throw new OperationFailedException(Plural.of(failures.size(), "Git LFS object") + " could not be fetched: "
          + LfsMessages.list(failures, known));
    }
    if (!missing.isEmpty()) {
      String list = LfsMessages.list(withPaths(state, missing));
      if (!options.allowMissing()) {
        throw new OperationFailedException("the source cannot supply " + Plural.of(missing.size(), "Git LFS object") + " the"
            + " archived refs need: " + list + ". Push them to the LFS server (git lfs push --all), or pass"
            + " --allow-missing-lfs to archive without them");
      }
      progress.warn("archiving WITHOUT " + Plural.of(missing.size(), "Git LFS object") + " the source cannot supply"
          + " (recorded as lfs_missing in the manifest): " + list);
    }
    return toCollection(needed, files, missing);
  }

  /**
   * The objects, the first {@value #NAMED_IN_MESSAGES} with a path, for messages: the bitmap scan learns
   * none, so the history is walked for them here, in the failure case only. Objects left without one
   * are still named by oid and size.
   */
  private static List<PointerFile> withPaths(SourceState state, List<PointerFile> objects) {
    int named = Math.min(objects.size(), NAMED_IN_MESSAGES);
    List<PointerFile> placed = new ArrayList<>(objects);
    try {
      List<PointerFile> head = new LfsPointerScanner(state.cache()).withPaths(state.refs().values(),
          objects.subList(0, named));
      for (int i = 0; i < named; i++) {
        placed.set(i, head.get(i));
      }
    } catch (IOException e) {
      // a message without paths beats none
    }
    return placed;
  }

  private LfsEndpoint endpoint(SourceState state, GitRemote remote) throws ArchiverException {
    try {
      return LfsSourceEndpoint.resolve(remote, state.cache(), state.head() == null ? null : state.refs().get(state.head()),
          options.url(), progress);
    } catch (IOException e) {
      throw new OperationFailedException("could not read .lfsconfig from the source: " + e.getMessage(), e);
    }
  }

  /** Uses a local store's copy after checking it, since this tool did not write it. */
  private static boolean takeLocal(LfsObjectStore store, PointerFile object, Map<String, Path> files,
      Map<String, Exception> failures) {
    if (store == null || !store.has(object.oid(), object.size())) {
      return false;
    }
    try {
      store.verify(object.oid(), object.size());
      files.put(object.oid(), store.path(object.oid()));
    } catch (IOException e) {
      failures.put(object.oid(), e);
    }
    return true;
  }

  private static LfsCollection toCollection(SortedMap<String, PointerFile> needed, SortedMap<String, Path> files,
      List<PointerFile> missing) {
    List<PayloadEntry> entries = new ArrayList<>();
    List<Manifest.LfsObject> carried = new ArrayList<>();
    for (Map.Entry<String, Path> e : files.entrySet()) {
      PointerFile object = needed.get(e.getKey());
      Path file = e.getValue();
      // the oid is the content's SHA-256, checked when the file was stored or taken
      entries.add(new PayloadEntry(ArchiveLayout.lfsObjectPath(object.oid()), object.size(), object.oid(),
          () -> Files.newInputStream(file), TarGzWriter.MODE_FILE, false));
      carried.add(new Manifest.LfsObject(object.oid(), object.size()));
    }
    List<Manifest.LfsObject> absent = missing.stream().sorted(java.util.Comparator.comparing(PointerFile::oid))
        .map(o -> new Manifest.LfsObject(o.oid(), o.size())).toList();
    return new LfsCollection(entries, carried, absent, files);
  }
}
