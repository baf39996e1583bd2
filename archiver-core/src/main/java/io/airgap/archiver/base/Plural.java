package io.airgap.archiver.base;

/**
 * A count with its noun in agreement ("1 ref", "2 refs", "1 entry", "3 entries"), so that what people
 * read never says "1 refs" or hedges with "object(s)".
 */
public final class Plural {
  private Plural() {}

  /** {@code n} and the noun; the plural is the singular plus "s", or "ies" for a consonant + "y". */
  public static String of(long n, String singular) {
    return of(n, singular, plural(singular));
  }

  /** {@code n} and the noun, with an irregular plural ("1 dependency", "2 dependencies" is the default rule). */
  public static String of(long n, String singular, String plural) {
    return n + " " + (n == 1 ? singular : plural);
  }

  private static String plural(String singular) {
    int last = singular.length() - 1;
    if (last > 0 && singular.charAt(last) == 'y' && "aeiou".indexOf(singular.charAt(last - 1)) < 0) {
      return singular.substring(0, last) + "ies";
    }
    return singular.endsWith("s") || singular.endsWith("x") || singular.endsWith("sh") || singular.endsWith("ch")
        ? singular + "es" : singular + "s";
  }
}
