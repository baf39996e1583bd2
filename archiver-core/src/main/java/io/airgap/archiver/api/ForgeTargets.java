package io.airgap.archiver.api;

import io.airgap.archiver.base.ArchiverException;
import io.airgap.archiver.forge.Forge;
import io.airgap.archiver.forge.ForgeKind;
import io.airgap.archiver.forge.ForgeTarget;
import io.airgap.archiver.forge.Forges;
import io.airgap.archiver.git.RemoteCreator;
import io.airgap.archiver.progress.ProgressListener;
import java.util.Map;

/** Wires {@code --create-repos} for fleet restore and group sync alike: the target forge, and its repositories as push targets' creators. */
final class ForgeTargets {
  private ForgeTargets() {}

  /** The forge missing repositories are created on (token: {@code TARGET_TOKEN}), or null without {@code --create-repos}. */
  static Forge forge(ForgeKind kind, String apiUrl, Map<String, String> env, ProgressListener progress)
      throws ArchiverException {
    return kind == null ? null : Forges.of(kind, apiUrl, env.get("TARGET_TOKEN"), "TARGET_TOKEN", progress);
  }

  /** Lets a push target be created through the forge just before its first push. */
  static RemoteCreator creator(ForgeTarget target, ProgressListener progress) {
    return new RemoteCreator() {
      @Override
      public boolean exists() throws ArchiverException {
        return target.exists();
      }

      @Override
      public void create() throws ArchiverException {
        target.createIfMissing(progress);
      }
    };
  }
}
