package io.airgap.archiver.api;

import io.airgap.archiver.base.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of N parallel jobs' share of a repository list ({@code 2/3}: the second of three). The split is
 * stable across runs and machines and disjoint: repositories are ordered by the SHA-256 of their
 * {@linkplain #identity(String) identity} and the order is cut into N ranges of equal size (within
 * one), so every shard has work as soon as there are N repositories, and adding or removing one
 * repository moves at most one repository per range boundary — caches kept per shard stay warm.
 * Jobs must be given the same list; where a repository sits in the list does not matter.
 */
public final class Shard {
  private static final Pattern SPEC = Pattern.compile("(\\d{1,9})/(\\d{1,9})");
  private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://");
  private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/:]+@)?([^/:]+):(?!//)(.*)$");

  private final int index;
  private final int count;

  private Shard(int index, int count) {
    this.index = index;
    this.count = count;
  }

  /** A shard {@code index} (1-based) of {@code count}. */
  public static Shard of(int index, int count) throws InvalidRequestException {
    if (count < 1) {
      throw new InvalidRequestException("shard count must be at least 1, not " + count);
    }
    if (index < 1 || index > count) {
      throw new InvalidRequestException("shard index must be between 1 and " + count + ", not " + index
          + " (shards are numbered 1/" + count + " to " + count + "/" + count + ")");
    }
    return new Shard(index, count);
  }

  /** Parses {@code I/N}, e.g. {@code 1/3}; anything else is an {@link InvalidRequestException}. */
  public static Shard parse(String spec) throws InvalidRequestException {
    Matcher m = SPEC.matcher(spec == null ? "" : spec.strip());
    if (!m.matches()) {
      throw new InvalidRequestException("a shard is written I/N, e.g. 1/3 (the first of three), not '" + spec + "'");
    }
    return of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
  }

  public int index() {
    return index;
  }

  public int count() {
    return count;
  }

  /**
   * The items of this shard, in their given order. {@code identity} names each item's repository
   * (usually {@link #identity(String)} of its source); items with the same identity land together.
   */
  public <T> List<T> select(List<T> items, Function<T, String> identity) {
    TreeSet<String> ordered = new TreeSet<>();
    List<String> keys = new ArrayList<>(items.size());
    for (T item : items) {
      String key = sha256(identity.apply(item));
      keys.add(key);
      ordered.add(key);
    }
    List<String> sorted = new ArrayList<>(ordered);
    long distinct = sorted.size();
    long from = (index - 1) * distinct / count;
    long to = index * distinct / count;
    List<T> mine = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int rank = Collections.binarySearch(sorted, keys.get(i));
      if (rank >= from && rank < to) {
        mine.add(items.get(i));
      }
    }
    return mine;
  }

  /**
   * A repository's identity for sharding: its location without scheme, user or credentials, host in
   * lower case, without a trailing {@code /} or {@code .git} — so {@code https://tok@Git.example.com/a/b.git},
   * {@code ssh://git@git.example.com/a/b} and {@code git@git.example.com:a/b} are one repository.
   * Local paths are taken as written (not made absolute), so every machine computes the same split.
   */
  public static String identity(String source) {
    String s = source.strip();
    Matcher scheme = SCHEME.matcher(s);
    if (scheme.find()) {
      s = s.substring(scheme.end());
      int slash = s.indexOf('/');
      String authority = slash < 0 ? s : s.substring(0, slash);
      String path = slash < 0 ? "" : s.substring(slash);
      authority = authority.substring(authority.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      s = authority + path;
    } else {
      Matcher scp = SCP_LIKE.matcher(s);
      if (scp.matches() && !s.startsWith("/") && !s.startsWith(".")) {
        s = scp.group(1).toLowerCase(Locale.ROOT) + "/" + scp.group(2);
      }
    }
    s = s.replaceAll("/{2,}", "/").replaceAll("/+$", "");
    if (s.endsWith(".git")) {
      s = s.substring(0, s.length() - 4);
    }
    return s.replaceAll("/+$", "");
  }

  private static String sha256(String identity) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Shard other && other.index == index && other.count == count;
  }

  @Override
  public int hashCode() {
    return index * 31 + count;
  }

  /** {@code I/N}, as {@link #parse} reads it. */
  @Override
  public String toString() {
    return index + "/" + count;
  }
}
