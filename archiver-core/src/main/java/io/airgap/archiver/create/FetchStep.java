package io.airgap.archiver.create;

import io.airgap.archiver.base.Plural;
import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.git.RemoteRefs;
import io.airgap.archiver.git.SourceMirror;
import io.airgap.archiver.git.SourceState;
import io.airgap.archiver.steps.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SortedMap;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Brings what is new at the source into the cache mirror and selects the refs to archive. A dry
 * run lists the source's refs instead, and reads the cache as an earlier run left it.
 */
final class FetchStep implements Step<CreateContext> {
  @Override
  public String title(CreateContext c) {
    return "Fetching " + c.options.remote().display();
  }

  @Override
  public boolean writes() {
    return true;
  }

  @Override
  public void run(CreateContext c) throws ArchiverException {
    c.state = new SourceMirror(c.options.cacheRoot(), c.progress).fetch(c.access, c.options.refFilter());
    requireRefs(c);
    c.sourceId = SourceIdentity.of(c.state);
  }

  @Override
  public void describe(CreateContext c) throws ArchiverException {
    SortedMap<String, String> advertised = RemoteRefs.list(c.access);
    SortedMap<String, String> refs = RemoteRefs.filter(advertised, c.options.refFilter());
    String head = advertised.get(Constants.HEAD);
    Path cacheDir = new SourceMirror(c.options.cacheRoot(), c.progress).cacheDirFor(c.options.remote());
    c.state = new SourceState(openIfPresent(cacheDir), refs, refs.containsKey(head) ? head : null);
    requireRefs(c);
    c.sourceId = SourceIdentity.recorded(cacheDir).orElse(null);
    c.progress.info("dry run: would fetch " + Plural.of(refs.size(), "ref") + " from " + c.options.remote().display()
        + " (default branch " + (head == null ? "unknown" : head) + ")");
  }

  private static void requireRefs(CreateContext c) throws InvalidRequestException {
    if (c.state.refs().isEmpty()) {
      throw new InvalidRequestException("the source has no refs to archive (selected: " + c.options.selectedRefs() + ")");
    }
  }

  /** The cache repository of an earlier run, opened for reading; null when there is none. */
  private static Repository openIfPresent(Path cacheDir) {
    if (!Files.exists(cacheDir.resolve("config"))) {
      return null;
    }
    try {
      return new FileRepositoryBuilder().setGitDir(cacheDir.toFile()).setMustExist(true).build();
    } catch (IOException e) {
      return null;
    }
  }
}
