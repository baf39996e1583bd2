package io.airgap.archiver.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * A working repository whose binaries are Git LFS objects, made with the real git-lfs: some on
 * main, one only in main's old history, one on a feature branch, one reachable only from a tag,
 * and a larger incompressible one. Knows what every LFS file must contain at each revision.
 */
public final class LfsSampleRepo {
  /** Revisions to check and the LFS files (path to content) each must check out. */
  public final Map<String, Map<String, byte[]>> expected = new LinkedHashMap<>();
  /** The LFS object only main's first commit uses: absent from every ref tip. */
  public final byte[] historyOnly;
  public final Path dir;

  private LfsSampleRepo(Path dir, byte[] historyOnly) {
    this.dir = dir;
    this.historyOnly = historyOnly;
  }

  public static LfsSampleRepo create(GitLfs git, Path dir) {
    try {
      Files.createDirectories(dir);
      byte[] old = text("old artwork, replaced later\n");
      LfsSampleRepo repo = new LfsSampleRepo(dir, old);
      byte[] logo1 = text("logo version 1\n");
      byte[] logo2 = text("logo version 2\n");
      byte[] big = random(300_000, 42);
      byte[] feature = text("feature data\n");
      byte[] tagged = text("only reachable from tag v-lfs\n");
      git.git(dir, "init", "-q", "-b", "main");
      git.git(dir, "lfs", "track", "*.bin");
      write(dir, "README.md", text("# lfs sample\n"));
      write(dir, "assets/old.bin", old);
      write(dir, "assets/logo.bin", logo1);
      git.git(dir, "add", "-A");
      git.git(dir, "commit", "-q", "-m", "first assets");
      repo.expected.put("main~1", Map.of("assets/old.bin", old, "assets/logo.bin", logo1));

      Files.delete(dir.resolve("assets/old.bin"));
      write(dir, "assets/logo.bin", logo2);
      write(dir, "data/big.bin", big);
      git.git(dir, "add", "-A");
      git.git(dir, "commit", "-q", "-m", "new logo, big data");
      repo.expected.put("main", Map.of("assets/logo.bin", logo2, "data/big.bin", big));

      git.git(dir, "checkout", "-q", "-b", "feature/lfs");
      write(dir, "feature.bin", feature);
      git.git(dir, "add", "-A");
      git.git(dir, "commit", "-q", "-m", "feature binary");
      repo.expected.put("feature/lfs", Map.of("assets/logo.bin", logo2, "data/big.bin", big, "feature.bin", feature));

      git.git(dir, "checkout", "-q", "-b", "to-delete", "main");
      write(dir, "tagged.bin", tagged);
      git.git(dir, "add", "-A");
      git.git(dir, "commit", "-q", "-m", "tagged binary");
      git.git(dir, "tag", "-a", "v-lfs", "-m", "tagged");
      git.git(dir, "checkout", "-q", "main");
      git.git(dir, "branch", "-q", "-D", "to-delete");
      repo.expected.put("v-lfs", Map.of("assets/logo.bin", logo2, "data/big.bin", big, "tagged.bin", tagged));
      return repo;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every distinct LFS content, by oid. */
  /** Pushes every branch, tag and LFS object to {@code url} (with {@code git}'s credentials), as a developer would. */
  public void pushAll(GitLfs git, String url) {
    git.git(dir, "remote", "add", "origin", url);
    git.git(dir, "push", "-q", "origin", "--all");
    git.git(dir, "push", "-q", "origin", "--tags");
    git.git(dir, "lfs", "push", "--all", "origin");
  }

  public Map<String, byte[]> objects() {
    Map<String, byte[]> all = new LinkedHashMap<>();
    expected.values().forEach(files -> files.values().forEach(c -> all.put(oid(c), c)));
    return all;
  }

  public static String oid(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] random(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  private static void write(Path dir, String file, byte[] content) throws IOException {
    Path p = dir.resolve(file);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
  }
}
