package io.airgap.archiver.cli;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.CraftedBundles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
    Path gitDir = oneCommit(dir, ".git", "[core]\n\thooksPath = /tmp\n");
    Path bundle = dir.resolve("crafted.bundle");
    CGit.git(gitDir, "bundle", "create", bundle.toString(), "main");
    return new CraftedBundle(CGit.git(gitDir, "rev-parse", "main").trim(), Files.readAllBytes(bundle));
  }

  /** One commit and its tree, without the blob the tree names: a pack C git wrote of those two objects. */
  static CraftedBundle withoutItsBlob(Path dir) throws Exception {
    Path gitDir = oneCommit(dir, "README.md", "never sent\n");
    String commit = CGit.git(gitDir, "rev-parse", "main").trim();
    String tree = CGit.git(gitDir, "rev-parse", "main^{tree}").trim();
    Path bundle = CraftedBundles.of(gitDir, List.of(commit, tree), Map.of("refs/heads/main", commit), dir);
    return new CraftedBundle(commit, Files.readAllBytes(bundle));
  }

  /** A bare repository whose main is one commit holding one file. */
  private static Path oneCommit(Path dir, String name, String content) throws Exception {
    Path gitDir = dir.resolve("crafted.git");
    ObjectId commit;
    try (Repository repo = FileRepositoryBuilder.create(gitDir.toFile())) {
      repo.create(true);
      try (ObjectInserter inserter = repo.newObjectInserter()) {
        ObjectId blob = inserter.insert(Constants.OBJ_BLOB, content.getBytes(StandardCharsets.UTF_8));
        TreeFormatter tree = new TreeFormatter();
        tree.append(name, FileMode.REGULAR_FILE, blob);
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
    return gitDir;
  }
}
