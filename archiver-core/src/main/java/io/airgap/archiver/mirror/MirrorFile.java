package io.airgap.archiver.mirror;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.internal.YamlFiles;
import io.airgap.archiver.policy.PolicyFile;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The mirror file ({@code mirror run/status --config}): the mirrors, how many run at once, where
 * their status is kept, and whom to notify. Keys are the long option names used elsewhere;
 * {@code ${VAR}} comes from the environment, so webhook URLs and keys stay out of the file.
 */
public record MirrorFile(List<MirrorSpec> mirrors, Notifications notifications, int parallel, Path stateDir) {
  private static final Pattern INTERVAL = Pattern.compile("(\\d+)\\s*(s|m|h|d)");
  private static final Set<String> POLICIES = Set.of("fail", "source-wins", "target-wins");
  /** Every key each level of the file may have: any other is refused (exit 2), never ignored. */
  private static final Set<String> FILE_KEYS = Set.of("mirrors", "notifications", "parallel", "state-dir");
  private static final Set<String> MIRROR_KEYS = Set.of("name", "source", "fallback-sources", "failover-after",
      "targets", "backup-to", "direction", "interval", "on-conflict", "include-refs", "exclude-refs", "prune",
      "sign-key", "retention", "lfs", "lfs-url", "policy");
  private static final Set<String> RETENTION_KEYS = Set.of("keep-chains");
  private static final Set<String> LOCATION_KEYS = Set.of("url", "lfs-url");

  public MirrorFile {
    mirrors = List.copyOf(mirrors);
  }

  public MirrorSpec mirror(String name) {
    return mirrors.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  /** Reads and checks the file; every problem is a usage error naming the mirror and key. */
  public static MirrorFile load(Path file, Map<String, String> env, Path defaultStateDir) throws InvalidRequestException {
    Map<String, Object> root = YamlFiles.load(file, env);
    YamlFiles.requireKnownKeys(file, root, FILE_KEYS, "the mirror file");
    Path folder = file.toAbsolutePath().getParent();
    List<MirrorSpec> mirrors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Object entry : list(root, "mirrors", "the mirror file")) {
      if (!(entry instanceof Map<?, ?> raw)) {
        throw new InvalidRequestException("each entry of 'mirrors' in " + file + " must be a mapping");
      }
      MirrorSpec spec = spec(file, folder, map(raw));
      if (!names.add(spec.name().toLowerCase(Locale.ROOT))) { // state files must not collide on any file system
        throw new InvalidRequestException("two mirrors in " + file + " are named '" + spec.name() + "'");
      }
      mirrors.add(spec);
    }
    if (mirrors.isEmpty()) {
      throw new InvalidRequestException(file + " lists no mirrors (a 'mirrors:' list is needed)");
    }
    Object notify = root.get("notifications");
    if (notify != null && !(notify instanceof Map)) {
      throw new InvalidRequestException(file + ": 'notifications' must be a mapping (webhook:, slack:, …)");
    }
    Notifications notifications = Notifications.NONE;
    if (notify instanceof Map<?, ?> n) {
      YamlFiles.requireKnownKeys(file, map(n), Notifications.KEYS, "'notifications'");
      notifications = Notifications.of(map(n));
    }
    int parallel = root.get("parallel") == null ? 2 : integer(root.get("parallel"), "parallel", "the mirror file");
    Object stateDir = root.get("state-dir");
    return new MirrorFile(mirrors, notifications, Math.max(1, parallel),
        stateDir == null ? defaultStateDir : Path.of(String.valueOf(stateDir)));
  }

  private static MirrorSpec spec(Path file, Path folder, Map<String, Object> m) throws InvalidRequestException {
    String name = string(m, "name", "a mirror");
    if (name == null) {
      throw new InvalidRequestException("every mirror needs a 'name' of letters, digits, '.', '_' or '-'");
    }
    RepositoryPath.of("the mirror name", name, false); // it names the state and lock files, and the backups
    String what = "mirror '" + name + "'";
    YamlFiles.requireKnownKeys(file, m, MIRROR_KEYS, what);
    Map<String, String> lfsUrls = new LinkedHashMap<>();
    String source = location(file, m.get("source"), "source", what, lfsUrls);
    if (source == null) {
      throw new InvalidRequestException(what + " has no 'source'");
    }
    String lfsUrl = string(m, "lfs-url", what);
    if (lfsUrl != null && lfsUrls.putIfAbsent(source, lfsUrl) != null) {
      throw new InvalidRequestException(what + " names the source's LFS server twice ('lfs-url' and the source's"
          + " own 'lfs-url'); keep one");
    }
    List<String> fallbacks = new ArrayList<>();
    for (Object fallback : list(m, "fallback-sources", what)) {
      fallbacks.add(location(file, fallback, "fallback-sources", what, lfsUrls));
    }
    List<String> targets = new ArrayList<>();
    List<String> backups = new ArrayList<>(strings(m, "backup-to", what));
    for (Object entry : list(m, "targets", what)) {
      String target = location(file, entry, "targets", what, lfsUrls);
      (target.startsWith("s3://") ? backups : targets).add(target);
    }
    if (backups.size() > 1) {
      throw new InvalidRequestException(what + " names " + backups.size() + " backup locations (s3:// targets and"
          + " backup-to); one is supported, so each backup chain stays whole in one place");
    }
    if (targets.isEmpty() && backups.isEmpty()) {
      throw new InvalidRequestException(what + " has no 'targets'");
    }
    String direction = m.getOrDefault("direction", "one-way").toString().toLowerCase(Locale.ROOT);
    if (!direction.equals("one-way") && !direction.equals("bidirectional")) {
      throw new InvalidRequestException(what + ": 'direction' is one-way or bidirectional, not '" + direction + "'");
    }
    boolean bidirectional = direction.equals("bidirectional");
    if (bidirectional && targets.size() != 1) {
      throw new InvalidRequestException(what + " is bidirectional, so it needs exactly one Git target, not "
          + targets.size());
    }
    String onConflict = m.getOrDefault("on-conflict", "fail").toString();
    if (!POLICIES.contains(onConflict)) {
      throw new InvalidRequestException(what + ": 'on-conflict' is fail, source-wins or target-wins, not '"
          + onConflict + "'");
    }
    Integer keepChains = null;
    Object retention = m.get("retention");
    if (retention != null && !(retention instanceof Map)) {
      throw new InvalidRequestException(what + ": 'retention' must be a mapping, e.g. retention: { keep-chains: 4 }");
    }
    if (retention instanceof Map<?, ?> r) {
      YamlFiles.requireKnownKeys(file, map(r), RETENTION_KEYS, what + ", 'retention'");
      if (r.get("keep-chains") != null) {
        keepChains = integer(r.get("keep-chains"), "retention.keep-chains", what);
        if (keepChains < 1) {
          throw new InvalidRequestException(what + ": 'retention.keep-chains' must be at least 1");
        }
      }
    }
    boolean lfs = bool(m, "lfs", true, what);
    if (!lfs && !lfsUrls.isEmpty()) {
      throw new InvalidRequestException(what + " has 'lfs: false' and names an 'lfs-url'; with LFS off no LFS"
          + " server is used, so drop one of them");
    }
    if (bidirectional && lfsUrls.keySet().stream().anyMatch(targets::contains)) {
      throw new InvalidRequestException(what + ": a target's 'lfs-url' is not available with 'direction:"
          + " bidirectional'");
    }
    Path policy = null;
    String policyName = string(m, "policy", what);
    if (policyName != null) {
      policy = folder.resolve(policyName).normalize(); // relative to the mirror file, not to where the service starts
      PolicyFile.load(policy); // a missing or bad policy is refused now, not at the first run
    }
    int failoverAfter = m.get("failover-after") == null ? 3 : integer(m.get("failover-after"), "failover-after", what);
    return new MirrorSpec(name, source, fallbacks, Math.max(1, failoverAfter), targets,
        backups, bidirectional, interval(m.getOrDefault("interval", "1h").toString(), what), onConflict,
        strings(m, "include-refs", what), strings(m, "exclude-refs", what), bool(m, "prune", false, what),
        string(m, "sign-key", what), keepChains, lfs, lfsUrls, policy);
  }

  /**
   * A source or target: a URL or path as a string, or a mapping {@code {url: …, lfs-url: …}} that
   * also names its Git LFS server (recorded in {@code lfsUrls}).
   */
  private static String location(Path file, Object value, String key, String what, Map<String, String> lfsUrls)
      throws InvalidRequestException {
    if (value == null || value instanceof List) {
      if (value == null) {
        return null;
      }
      throw new InvalidRequestException(what + ": each entry of '" + key + "' must be a URL or a mapping"
          + " { url: …, lfs-url: … }");
    }
    if (!(value instanceof Map<?, ?> raw)) {
      return value.toString();
    }
    Map<String, Object> m = map(raw);
    YamlFiles.requireKnownKeys(file, m, LOCATION_KEYS, what + ", an entry of '" + key + "'");
    String url = string(m, "url", what + ", '" + key + "'");
    if (url == null) {
      throw new InvalidRequestException(what + ": an entry of '" + key + "' written as a mapping needs 'url'");
    }
    String lfsUrl = string(m, "lfs-url", what + ", '" + key + "'");
    if (lfsUrl != null) {
      lfsUrls.put(url, lfsUrl);
    }
    return url;
  }

  private static boolean bool(Map<String, Object> m, String key, boolean absent, String what)
      throws InvalidRequestException {
    Object value = m.get(key);
    if (value == null) {
      return absent;
    }
    String text = value.toString().trim().toLowerCase(Locale.ROOT);
    if (!text.equals("true") && !text.equals("false")) {
      throw new InvalidRequestException(what + ": '" + key + "' is true or false, not '" + value + "'");
    }
    return text.equals("true");
  }

  /** {@code 30s}, {@code 15m}, {@code 2h}, {@code 1d}. */
  static Duration interval(String text, String what) throws InvalidRequestException {
    Matcher matcher = INTERVAL.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw new InvalidRequestException(what + ": 'interval' must be a number with s, m, h or d (e.g. 15m), not '"
          + text + "'");
    }
    long n = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      default -> Duration.ofDays(n);
    };
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<?, ?> raw) {
    return (Map<String, Object>) raw;
  }

  private static List<?> list(Map<String, Object> m, String key, String what) throws InvalidRequestException {
    Object value = m.get(key);
    if (value == null) {
      return List.of();
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidRequestException(what + ": '" + key + "' must be a list");
    }
    return list;
  }

  private static List<String> strings(Map<String, Object> m, String key, String what) throws InvalidRequestException {
    Object value = m.get(key);
    if (value instanceof String s) {
      return List.of(s);
    }
    return list(m, key, what).stream().map(String::valueOf).toList();
  }

  private static String string(Map<String, Object> m, String key, String what) throws InvalidRequestException {
    Object value = m.get(key);
    if (value instanceof Map || value instanceof List) {
      throw new InvalidRequestException(what + ": '" + key + "' must be a single value");
    }
    return value == null ? null : value.toString();
  }

  private static int integer(Object value, String key, String what) throws InvalidRequestException {
    try {
      return Integer.parseInt(String.valueOf(value).trim());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(what + ": '" + key + "' must be a whole number, not '" + value + "'");
    }
  }
}
