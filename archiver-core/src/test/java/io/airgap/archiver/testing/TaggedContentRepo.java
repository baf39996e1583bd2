package io.airgap.archiver.testing;

import static io.airgap.archiver.testing.CGit.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A C-git repository whose credentials and denied files are reached where a commit walk does not look:
 * refs naming a blob or a tree directly, annotated tags of annotated tags, notes, and file names that
 * differ from the deny-paths globs only in case or Unicode form ({@code ID_RSA}, {@code k.PEM},
 * {@code ｉｄ_ｒｓａ}, {@code .ｅｎｖ}).
 */
public final class TaggedContentRepo {
  /** The deny-paths the names above must not slip past. */
  public static final String DENY_PATHS = "deny-paths: [\"**/.env\", \"**/id_rsa\", \"**/*.pem\"]\n";
  public static final String KEY_BODY = "MIIEowIBAAKCAQEAtaggedBlobKeyMaterialNotReal0123456789abcdefXYZ";
  public static final String PRIVATE_KEY = "-----BEGIN RSA PRIVATE KEY-----\n" + KEY_BODY
      + "\n-----END RSA PRIVATE KEY-----\n";
  public static final String TREE_KEY = "AKIAQWERTYUIOPTRE012";
  public static final String NESTED_TAG_KEY = "AKIAQWERTYUIOPNES012";
  public static final String NOTE_KEY = "AKIAQWERTYUIOPNOT012";
  /** A fullwidth {@code id_rsa} and {@code .env}: NFKC folds them to the ASCII names. */
  public static final String FULLWIDTH_ID_RSA = "ｉｄ_ｒｓａ";
  public static final String FULLWIDTH_ENV = ".ｅｎｖ";

  private TaggedContentRepo() {}

  /** Adds every case to {@code repo}, a working repository with a commit on main. */
  public static void addAll(Path repo) {
    tagContent(repo);
    notes(repo);
    caseAndUnicodeNames(repo);
  }

  /**
   * {@code refs/tags/v1} names a blob holding a private key; {@code refs/tags/snap} a tree with
   * {@code .ssh/id_rsa} and an AWS key; {@code refs/tags/outer} an annotated tag of an annotated tag
   * (whose own ref is deleted) of a blob with an AWS key; {@code refs/tags/deep} the same, of a tree
   * holding {@code nested/K.Pem}.
   */
  public static void tagContent(Path repo) {
    git(repo, "tag", "v1", blob(repo, PRIVATE_KEY));
    git(repo, "tag", "snap", tree(repo, Map.of(".ssh/id_rsa", "not a key, but a denied name\n",
        "deploy/settings.env", "aws_access_key_id = " + TREE_KEY + "\n")));
    git(repo, "tag", "-a", "-m", "inner", "outer-inner", blob(repo, "aws_access_key_id = " + NESTED_TAG_KEY + "\n"));
    git(repo, "tag", "-a", "-m", "outer", "outer", "outer-inner");
    git(repo, "tag", "-d", "outer-inner");
    git(repo, "tag", "-a", "-m", "inner", "deep-inner", tree(repo, Map.of("nested/K.Pem", "a certificate\n")));
    git(repo, "tag", "-a", "-m", "outer", "deep", "deep-inner");
    git(repo, "tag", "-d", "deep-inner");
  }

  /** A note on main's tip holding an AWS key (refs/notes/commits). */
  public static void notes(Path repo) {
    git(repo, "notes", "add", "-m", "deployed with aws_access_key_id = " + NOTE_KEY, "refs/heads/main");
  }

  /** Branch {@code names}: files that match the deny-paths only case-insensitively and after NFKC folding. */
  public static void caseAndUnicodeNames(Path repo) {
    git(repo, "branch", "names", "refs/heads/main");
    String commit = git(repo, "commit-tree", "-p", "refs/heads/names", "-m", "names", tree(repo, Map.of(
        "ID_RSA", "upper-case name\n",
        "certs/k.PEM", "upper-case extension\n",
        "config/.ENV", "upper-case dotfile\n",
        "keys/" + FULLWIDTH_ID_RSA, "fullwidth name\n",
        "app/" + FULLWIDTH_ENV, "fullwidth dotfile\n"))).strip();
    git(repo, "update-ref", "refs/heads/names", commit);
  }

  /** Every ref of {@code repo} and the object it names. */
  public static SortedMap<String, String> refs(Path repo) {
    SortedMap<String, String> refs = new TreeMap<>();
    for (String line : git(repo, "for-each-ref", "--format=%(refname) %(objectname)").lines().toList()) {
      refs.put(line.substring(0, line.indexOf(' ')), line.substring(line.indexOf(' ') + 1));
    }
    return refs;
  }

  /** Writes a blob (not in any tree) and returns its id. */
  public static String blob(Path repo, String content) {
    try {
      Path file = Files.createTempFile("blob", ".txt");
      try {
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return git(repo, "hash-object", "-w", file.toString()).strip();
      } finally {
        Files.delete(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Writes a tree of these files (through a scratch index, so no commit names it) and returns its id. */
  public static String tree(Path repo, Map<String, String> files) {
    try {
      Path index = Files.createTempFile("index", "");
      Files.delete(index);
      try {
        Map<String, String> env = Map.of("GIT_INDEX_FILE", index.toString());
        for (Map.Entry<String, String> f : new TreeMap<>(files).entrySet()) {
          CGit.run(repo, env, "update-index", "--add", "--cacheinfo", "100644," + blob(repo, f.getValue()) + ","
              + f.getKey()).requireSuccess(java.util.List.of("update-index", f.getKey()));
        }
        return CGit.run(repo, env, "write-tree").requireSuccess(java.util.List.of("write-tree")).stdout().strip();
      } finally {
        Files.deleteIfExists(index);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
