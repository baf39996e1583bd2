package io.airgap.archiver.internal;

import io.airgap.archiver.progress.ProgressListener;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The origins one credential was given for — the URLs the operator named with it ({@code --source},
 * {@code --target}, {@code --lfs-url}, {@code --api-url}, {@code --credential-origin}) — and the one
 * question every place that attaches a credential asks: may it go to this URL? A URL a repository,
 * a forge's answer, a registry's metadata or a redirect names gets the credential only when its
 * origin is one of these. Each refused origin is named once per scope through {@link #withheld}.
 */
public final class CredentialScope {
  /** A scope that allows nothing: for a credential that has no network origin. */
  public static final CredentialScope NONE = new CredentialScope(Set.of(), "");

  private final Set<Origin> origins;
  private final String howToAllow;
  private final Set<Origin> warned = ConcurrentHashMap.newKeySet();

  private CredentialScope(Set<Origin> origins, String howToAllow) {
    this.origins = Set.copyOf(origins);
    this.howToAllow = howToAllow;
  }

  /**
   * The origins of {@code locations} (URLs, scp-style addresses; local paths and blanks add none).
   *
   * @param howToAllow what the operator does to allow another origin, with {@code %s} for that origin,
   *     e.g. {@code "pass --credential-origin %s"}
   */
  public static CredentialScope of(Collection<String> locations, String howToAllow) {
    Set<Origin> set = new LinkedHashSet<>();
    for (String location : locations) {
      Origin origin = Origin.of(location);
      if (origin != null) {
        set.add(origin);
      }
    }
    return new CredentialScope(set, howToAllow);
  }

  /** This scope and the origin of {@code location} (when it has one). */
  public CredentialScope with(String location) {
    Origin origin = Origin.of(location);
    if (origin == null || origins.contains(origin)) {
      return this;
    }
    Set<Origin> set = new LinkedHashSet<>(origins);
    set.add(origin);
    return new CredentialScope(set, howToAllow);
  }

  public boolean allows(String location) {
    Origin origin = Origin.of(location);
    return origin != null && origins.contains(origin);
  }

  public boolean allows(URI uri) {
    return uri != null && allows(uri.toString());
  }

  /** The origins, for messages (no user, no path). */
  public List<String> origins() {
    List<String> out = new ArrayList<>();
    origins.forEach(o -> out.add(o.toString()));
    return out;
  }

  /**
   * Says (once per origin) that {@code credential} was not sent to {@code location}, naming the
   * origin, the origins it is bound to, and how to allow it. Never shows the secret or the URL's path.
   */
  public void withheld(String credential, String location, ProgressListener progress) {
    Origin origin = Origin.of(location);
    if (origin != null && !warned.add(origin)) {
      return;
    }
    String where = origin == null ? "a location without a network origin" : origin.toString();
    progress.warn(credential + " was not sent to " + where + ": it is bound to "
        + (origins.isEmpty() ? "no network origin" : String.join(", ", origins())) + " only"
        + (origin == null || howToAllow.isEmpty() ? "" : "; to send it there too, " + String.format(howToAllow, where)));
  }

  @Override
  public String toString() {
    return "CredentialScope" + origins;
  }
}
