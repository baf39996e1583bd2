package io.airgap.archiver.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The "did you mean" of a misspelt name (a command, an option, a key of a YAML file): the known
 * names within two edits of it, else those it begins (a name cut short). One rule everywhere, so a
 * typo gets the same help whatever it misspells.
 */
public final class NearMiss {
  private static final int MAX_EDITS = 2;
  private static final int MIN_PREFIX = 4;

  private NearMiss() {}

  /**
   * Up to three known names near {@code given}: those within two edits, nearest first (ties in
   * alphabetical order); if none, those it begins. Empty if none either.
   */
  public static List<String> of(String given, Collection<String> known) {
    List<String> near = known.stream().distinct().filter(k -> distance(k, given) <= MAX_EDITS)
        .sorted(Comparator.comparingInt((String k) -> distance(k, given)).thenComparing(Comparator.naturalOrder()))
        .limit(3).toList();
    if (!near.isEmpty() || given.length() < MIN_PREFIX) {
      return near;
    }
    return known.stream().distinct().filter(k -> k.startsWith(given)).sorted().limit(3).toList();
  }

  /** Edit distance (insertions, deletions, substitutions). */
  static int distance(String a, String b) {
    int[] row = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      row[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      int diagonal = row[0];
      row[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int above = row[j];
        row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
        diagonal = above;
      }
    }
    return row[b.length()];
  }
}
