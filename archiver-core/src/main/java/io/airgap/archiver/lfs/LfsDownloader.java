package io.airgap.archiver.lfs;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.lfs.LfsBatchApi.Action;
import io.airgap.archiver.lfs.LfsBatchApi.ObjectResult;
import io.airgap.archiver.lfs.LfsBatchApi.ObjectSpec;
import io.airgap.archiver.progress.ProgressListener;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Downloads LFS objects from a server into a store, a batch of at most 100 at a time as git-lfs does. */
final class LfsDownloader {
  static final int BATCH_SIZE = 100;

  private final LfsBatchClient client;
  private final ParallelTransfers transfers;
  private final ProgressListener progress;
  private final String server;

  LfsDownloader(LfsBatchClient client, ParallelTransfers transfers, ProgressListener progress, String server) {
    this.client = client;
    this.transfers = transfers;
    this.progress = progress;
    this.server = server;
  }

  /** Downloads what the server has; returns what it does not have, adds other failures to {@code failures}. */
  List<PointerFile> download(List<PointerFile> wanted, LfsObjectStore store, Map<String, Exception> failures)
      throws ArchiverException {
    List<PointerFile> missing = new ArrayList<>();
    for (int from = 0; from < wanted.size(); from += BATCH_SIZE) {
      List<PointerFile> chunk = wanted.subList(from, Math.min(wanted.size(), from + BATCH_SIZE));
      List<ObjectResult> results = client.batch(LfsBatchApi.DOWNLOAD,
          chunk.stream().map(o -> new ObjectSpec(o.oid(), o.size())).toList(),
          "downloading from the LFS server " + server, progress);
      Map<String, ObjectResult> byOid = new HashMap<>();
      results.forEach(r -> byOid.putIfAbsent(r.oid(), r));
      Map<String, Action> actions = new HashMap<>();
      List<PointerFile> fetch = new ArrayList<>();
      for (PointerFile object : chunk) {
        ObjectResult result = byOid.get(object.oid());
        if (result != null && result.error() != null && result.error().code() != 404 && result.error().code() != 410) {
          failures.put(object.oid(), new IOException("the server refused it (" + result.error().code() + ": "
              + result.error().message() + ")"));
        } else if (result == null || result.error() != null || result.action(LfsBatchApi.DOWNLOAD) == null) {
          missing.add(object);
        } else {
          actions.put(object.oid(), result.action(LfsBatchApi.DOWNLOAD));
          fetch.add(object);
        }
      }
      try {
        failures.putAll(transfers.run("download LFS objects", fetch,
            o -> client.download(actions.get(o.oid()), o.oid(), o.size(), store)));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new OperationFailedException("downloading LFS objects was interrupted", e);
      }
    }
    return missing;
  }
}
