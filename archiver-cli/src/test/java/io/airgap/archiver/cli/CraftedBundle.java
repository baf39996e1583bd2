package io.airgap.archiver.cli;

import io.airgap.archiver.testing.CGit;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** A git bundle whose history no honest repository holds, written object by object. */
record CraftedBundle(String commit, byte[] bundle) {
  /** One commit whose tree has an entry named {@code .git} (a file that would replace a clone's git dir). */
  static CraftedBundle withDotGitTree(Path dir) throws Exception {
    Path gitDir = dir.resolve("crafted.git");
    ObjectId commit;
    try (Repository repo = FileRepositoryBuilder.create(gitDir.toFile())) {
      repo.create(true);
      try (ObjectInserter inserter = repo.newObjectInserter()) {
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB,
            "[core]\n\thooksPath = /tmp\n".getBytes(StandardCharsets.UTF_8));
        TreeFormatter tree = new TreeFormatter();
        tree.append(".git", FileMode.REGULAR_FILE, blob);
        CommitBuilder builder = new CommitBuilder();
        builder.setTreeId(inserter.insert(tree));
        PersonIdent who = new PersonIdent("Mallory", "mallory@example.com");
        builder.setAuthor(who);
        builder.setCommitter(who);
        builder.setMessage("crafted\n");
        commit = inserter.insert(builder);
        inserter.flush();
      }
      RefUpdate update = repo.updateRef("refs/heads/main");
      update.setNewObjectId(commit);
      update.forceUpdate();
    }
    Path bundle = dir.resolve("crafted.bundle");
    CGit.git(gitDir, "bundle", "create", bundle.toString(), "main");
    return new CraftedBundle(commit.name(), Files.readAllBytes(bundle));
  }
}
