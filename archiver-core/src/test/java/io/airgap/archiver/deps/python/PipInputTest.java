package io.airgap.archiver.deps.python;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.deps.SourceTree;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What pip is handed for a requirements*.in: plain requirements only, rebuilt by the archiver;
 * every other line refused or ignored by file and line.
 */
class PipInputTest {
  @TempDir Path tmp;

  private PipInput read(String... files) throws Exception {
    Path src = SampleRepos.simple(tmp.resolve("src"));
    for (int i = 0; i < files.length; i += 2) {
      SampleRepos.write(src, files[i], files[i + 1]);
    }
    git(src, "add", "-A");
    git(src, "commit", "-q", "-m", "reqs");
    try (Repository repo = new FileRepositoryBuilder().setGitDir(src.resolve(".git").toFile()).build()) {
      SourceTree tree = SourceTree.of(repo, "refs/heads/main", repo.resolve("HEAD").name());
      return PipInput.read(tree, "app/requirements.in");
    }
  }

  @Test
  void plainRequirements_arePassedOnRebuilt_andIncludesInsideTheTreeAreFollowed() throws Exception {
    PipInput in = read(
        "app/requirements.in", "Foo[Bar, baz] >= 1.0 , <2  # why\nqux ; python_version < \"3.12\"\n"
            + "zed~=1.2 --hash=sha256:ab12\n-r base.in\n-c ../constraints.txt\n",
        "app/base.in", "alpha==1.*\n-r requirements.in\n",
        "constraints.txt", "foo<1.5\nhttp://x/y.whl\n");
    assertEquals(List.of("Foo[Bar,baz]>=1.0,<2", "qux ; python_version < \"3.12\"", "zed~=1.2", "alpha==1.*"),
        in.requirements());
    assertEquals(List.of("foo<1.5"), in.constraints());
    assertTrue(in.refused().isEmpty(), in.refused().toString());
    assertEquals(List.of("refs/heads/main:app/requirements.in:3: the options of 'zed' are not passed to pip",
        "refs/heads/main:constraints.txt:2: refused 'http://x/y.whl', " + RequirementLine.Kind.URL.why()), in.warnings());
  }

  @Test
  void options_urls_vcs_editables_paths_andOutsideIncludes_areRefusedByFileAndLine() throws Exception {
    PipInput in = read("app/requirements.in", String.join("\n",
        "--index-url https://user:sekrit@elsewhere/simple/",  // 1
        "--extra-index-url=https://elsewhere/simple/",         // 2
        "-f https://elsewhere/links/",                         // 3
        "--trusted-host elsewhere",                            // 4
        "--no-binary :all:",                                   // 5
        "-r /etc/passwd",                                      // 6
        "-c ../../outside.txt",                                // 7
        "-e .",                                                // 8
        "git+https://elsewhere/x.git#egg=gitpkg",              // 9
        "viavcs @ git+ssh://git@elsewhere/y.git",              // 10
        "evil[x] @ https://elsewhere/evil-1.0.tar.gz",         // 11
        "https://elsewhere/bare-1.0.tar.gz",                   // 12
        "./local/pkg",                                         // 13
        "dist/thing-1.0-py3-none-any.whl",                     // 14
        "foo ${SOURCE_TOKEN}",                                 // 15
        "fine>=1") + "\n");
    assertEquals(List.of("fine>=1"), in.requirements());
    List<String> warnings = in.warnings();
    for (int line = 1; line <= 7; line++) {
      String where = "refs/heads/main:app/requirements.in:" + line + ": ";
      assertTrue(warnings.stream().anyMatch(w -> w.startsWith(where)), where + " in " + warnings);
    }
    assertFalse(String.join("\n", warnings).contains("sekrit"), "credentials masked: " + warnings);
    assertEquals(List.of("-e .", "gitpkg", "viavcs", "evil", "https://elsewhere/bare-1.0.tar.gz", "./local/pkg",
        "dist/thing-1.0-py3-none-any.whl", "foo ${SOURCE_TOKEN}"),
        in.refused().stream().map(PipInput.Refused::name).toList());
    List<String> reasons = in.refused().stream().map(PipInput.Refused::reason).toList();
    for (int i = 0; i < reasons.size(); i++) {
      assertTrue(reasons.get(i).startsWith("refs/heads/main:app/requirements.in:" + (8 + i) + ": refused '"), reasons.get(i));
    }
    assertTrue(reasons.get(0).endsWith(RequirementLine.Kind.EDITABLE.why()), reasons.get(0));
    assertTrue(reasons.get(1).endsWith(RequirementLine.Kind.VCS.why()), reasons.get(1));
    assertTrue(reasons.get(2).endsWith(RequirementLine.Kind.VCS.why()), reasons.get(2));
    assertTrue(reasons.get(3).endsWith(RequirementLine.Kind.URL.why()), reasons.get(3));
    assertTrue(reasons.get(4).endsWith(RequirementLine.Kind.URL.why()), reasons.get(4));
    assertTrue(reasons.get(5).endsWith(RequirementLine.Kind.PATH.why()), reasons.get(5));
    assertTrue(reasons.get(6).endsWith(RequirementLine.Kind.PATH.why()), reasons.get(6));
    assertTrue(reasons.get(7).endsWith(RequirementLine.Kind.OTHER.why()), reasons.get(7));
  }

  @Test
  void continuationLines_areNumberedByTheirFirstLine() {
    List<RequirementLine> lines = RequirementLine.read("# c\n\na>=1 \\\n  ; python_version > '3'\n-e \\\n .\n");
    assertEquals(List.of(new RequirementLine(3, "a>=1    ; python_version > '3'"), new RequirementLine(5, "-e   .")),
        lines);
  }
}
