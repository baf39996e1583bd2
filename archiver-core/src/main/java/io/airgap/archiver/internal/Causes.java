package io.airgap.archiver.internal;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Walks an exception's cause chain: libraries (JGit, the AWS SDK, Maven Resolver) wrap the failure
 * that says what went wrong several levels deep, and translating it needs that one.
 */
public final class Causes {
  private Causes() {}

  /** The first of {@code e} and its causes that is a {@code type}, or null. */
  public static <T extends Throwable> T find(Throwable e, Class<T> type) {
    Throwable found = first(e, type::isInstance);
    return found == null ? null : type.cast(found);
  }

  /** Whether {@code e} or one of its causes is a {@code type}. */
  public static boolean hasCause(Throwable e, Class<? extends Throwable> type) {
    return find(e, type) != null;
  }

  /** The first of {@code e} and its causes that passes {@code test}, or null; a cause loop ends the walk. */
  public static Throwable first(Throwable e, Predicate<Throwable> test) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && seen.add(t); t = t.getCause()) {
      if (test.test(t)) {
        return t;
      }
    }
    return null;
  }

  /**
   * Like {@link #find}, but also searches suppressed exceptions: a client that retries (the AWS SDK)
   * records the first attempt's failure, often the real reason, as suppressed by the last one.
   */
  public static <T extends Throwable> T findWithSuppressed(Throwable e, Class<T> type) {
    return findWithSuppressed(e, type, Collections.newSetFromMap(new IdentityHashMap<>()));
  }

  private static <T extends Throwable> T findWithSuppressed(Throwable t, Class<T> type, Set<Throwable> seen) {
    if (t == null || !seen.add(t)) {
      return null;
    }
    if (type.isInstance(t)) {
      return type.cast(t);
    }
    T found = findWithSuppressed(t.getCause(), type, seen);
    for (Throwable suppressed : t.getSuppressed()) {
      if (found != null) {
        break;
      }
      found = findWithSuppressed(suppressed, type, seen);
    }
    return found;
  }

  /** Whether the message of {@code e} or of one of its causes contains {@code text}. */
  public static boolean anyMessageContains(Throwable e, String text) {
    return first(e, t -> t.getMessage() != null && t.getMessage().contains(text)) != null;
  }

  /** The last cause in the chain: usually the one that names the file, host or object. */
  public static Throwable root(Throwable e) {
    Throwable root = e;
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    while (root.getCause() != null && seen.add(root)) {
      root = root.getCause();
    }
    return root;
  }

  /**
   * The distinct messages of {@code e} and its causes, joined by ": ", stopping once {@code max}
   * characters are reached; the class name when none has a message.
   */
  public static String messages(Throwable e, int max) {
    StringBuilder sb = new StringBuilder();
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable t = e; t != null && sb.length() < max && seen.add(t); t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && !m.isBlank() && sb.indexOf(m.strip()) < 0) {
        sb.append(sb.length() > 0 ? ": " : "").append(m.strip());
      }
    }
    return sb.length() == 0 ? e.getClass().getSimpleName() : sb.toString();
  }
}
