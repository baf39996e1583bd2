package io.airgap.archiver.policy;

import io.airgap.archiver.internal.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in credential rules ({@code secrets: true}). Each rule has cheap keywords checked first,
 * so most blobs cost one pass over their bytes and no regular expression at all.
 */
public final class SecretRules {
  /** One rule: an id for findings, keywords (lower case) that must occur, and the pattern. */
  record Rule(String id, List<String> keywords, Pattern pattern, boolean entropyCheck) {}

  static final List<Rule> RULES = List.of(
      new Rule("secret/aws-access-key-id", List.of("akia", "asia", "abia", "acca"),
          Pattern.compile("(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Z0-9])"), false),
      new Rule("secret/aws-secret-access-key", List.of("aws"),
          Pattern.compile("(?i)aws_?secret_?(?:access_?)?key[\"']?\\s*[:=]\\s*[\"']?[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+])"),
          false),
      new Rule("secret/private-key", List.of("private key"),
          Pattern.compile("-----BEGIN (?:[A-Z0-9]+ )?PRIVATE KEY(?: BLOCK)?-----"), false),
      new Rule("secret/github-token", List.of("ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_"),
          Pattern.compile("\\b(?:gh[pousr]_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{60,})\\b"), false),
      new Rule("secret/gitlab-token", List.of("glpat-", "gldt-", "glrt-"),
          Pattern.compile("\\b(?:glpat|gldt|glrt)-[A-Za-z0-9_-]{20,}"), false),
      new Rule("secret/slack-token", List.of("xox", "hooks.slack.com"),
          Pattern.compile("\\bxox[abposr]-[A-Za-z0-9-]{10,}|https://hooks\\.slack\\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+"),
          false),
      new Rule("secret/generic-high-entropy",
          List.of("password", "passwd", "secret", "token", "api_key", "apikey", "api-key", "access_key", "accesskey",
              "access-key", "auth"),
          Pattern.compile("(?i)(?:password|passwd|secret|token|api[_-]?key|access[_-]?key|auth)[A-Za-z0-9_-]*[\"']?\\s*[:=]\\s*[\"']([A-Za-z0-9+/=_.~-]{16,})[\"']"),
          true));

  /** Changes whenever a rule changes, so cached verdicts of older rules are not reused. */
  static final String VERSION = Sha256.of(RULES.stream().map(r -> r.id() + "=" + r.pattern().pattern())
      .reduce("", (a, b) -> a + "\n" + b).getBytes(StandardCharsets.UTF_8)).substring(0, 16);

  /** Bits per character above which a generic assignment looks like a generated credential. */
  private static final double ENTROPY_BITS = 3.5;

  private SecretRules() {}

  /** Every rule's keywords, and for each lower-case two-byte prefix the keywords starting with it. */
  private static final String[] KEYWORDS = RULES.stream().flatMap(r -> r.keywords().stream()).distinct()
      .toArray(String[]::new);
  private static final int[][] BY_PREFIX = byPrefix();
  /** The entropy rule, checked only where its keywords occur. */
  private static final int GENERIC = RULES.indexOf(RULES.stream().filter(Rule::entropyCheck).findFirst().orElseThrow());
  /** For each keyword, the rules it belongs to. */
  private static final int[][] RULES_OF = java.util.Arrays.stream(KEYWORDS).map(k -> java.util.stream.IntStream
      .range(0, RULES.size()).filter(r -> RULES.get(r).keywords().contains(k)).toArray()).toArray(int[][]::new);

  /**
   * The ids of the built-in rules that {@code content} breaks (none for binary content), whatever a
   * policy says: for showing text only when it holds no credential (the review's inline diffs).
   */
  public static List<String> credentialRules(byte[] content) {
    return isBinary(content) ? List.of() : match(content);
  }

  /** The ids of the rules the text breaks, in rule order; empty when clean. */
  static List<String> match(byte[] content) {
    boolean[] keywordSeen = new boolean[RULES.size()];
    List<Integer> genericAt = new ArrayList<>();
    findKeywords(content, keywordSeen, genericAt);
    List<String> hits = new ArrayList<>();
    String text = null;
    for (int r = 0; r < RULES.size(); r++) {
      Rule rule = RULES.get(r);
      if (!keywordSeen[r]) {
        continue;
      }
      text = text == null ? new String(content, StandardCharsets.ISO_8859_1) : text;
      if (r == GENERIC ? matchesNear(rule, text, genericAt) : rule.pattern().matcher(text).find()) {
        hits.add(rule.id());
      }
    }
    return hits;
  }

  /**
   * One pass over the bytes (ASCII case folded, as the keywords are ASCII) instead of one search per
   * keyword: marks the rules whose keywords occur, and where the generic rule's keywords start.
   */
  private static void findKeywords(byte[] content, boolean[] keywordSeen, List<Integer> genericAt) {
    int n = content.length;
    for (int i = 0; i + 1 < n; i++) {
      int[] candidates = BY_PREFIX[(lower(content[i]) << 8) | lower(content[i + 1])];
      if (candidates == null) {
        continue;
      }
      for (int k : candidates) {
        if (startsWithAt(content, i, KEYWORDS[k])) {
          for (int r : RULES_OF[k]) {
            keywordSeen[r] = true;
            if (r == GENERIC) {
              genericAt.add(i);
            }
          }
        }
      }
    }
  }

  private static int lower(byte b) {
    int c = b & 0xff;
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }

  private static boolean startsWithAt(byte[] content, int at, String keyword) {
    if (at + keyword.length() > content.length) {
      return false;
    }
    for (int j = 2; j < keyword.length(); j++) {
      if (lower(content[at + j]) != keyword.charAt(j)) {
        return false;
      }
    }
    return true;
  }

  private static int[][] byPrefix() {
    int[][] table = new int[1 << 16][];
    for (int k = 0; k < KEYWORDS.length; k++) {
      int prefix = (KEYWORDS[k].charAt(0) << 8) | KEYWORDS[k].charAt(1);
      int[] old = table[prefix] == null ? new int[0] : table[prefix];
      int[] grown = java.util.Arrays.copyOf(old, old.length + 1);
      grown[old.length] = k;
      table[prefix] = grown;
    }
    return table;
  }

  /**
   * The generic rule starts with one of its keywords: try it only where a keyword occurs (a short
   * window each), not at every position of the text.
   */
  private static boolean matchesNear(Rule rule, String text, List<Integer> starts) {
    Matcher m = rule.pattern().matcher(text);
    for (int at : starts) {
      m.region(at, Math.min(text.length(), at + WINDOW));
      if (m.lookingAt() && entropy(m.group(1)) >= ENTROPY_BITS) {
        return true;
      }
    }
    return false;
  }

  /** How far past a keyword an assignment may reach (name suffix, quotes, a long value). */
  private static final int WINDOW = 1024;

  /** Whether the content looks binary (a NUL in its first 8000 bytes, as Git decides). */
  static boolean isBinary(byte[] content) {
    int n = Math.min(content.length, 8000);
    for (int i = 0; i < n; i++) {
      if (content[i] == 0) {
        return true;
      }
    }
    return false;
  }

  static double entropy(String value) {
    int[] counts = new int[256];
    for (int i = 0; i < value.length(); i++) {
      counts[value.charAt(i) & 0xff]++;
    }
    double bits = 0;
    for (int count : counts) {
      if (count > 0) {
        double p = (double) count / value.length();
        bits -= p * Math.log(p) / Math.log(2);
      }
    }
    return bits;
  }
}
