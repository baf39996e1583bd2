package io.airgap.archiver.mirror;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.internal.YamlFiles;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
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

  public MirrorFile {
    mirrors = List.copyOf(mirrors);
  }

  public MirrorSpec mirror(String name) {
    return mirrors.stream().filter(m -> m.name().equals(name)).findFirst().orElse(null);
  }

  /** Reads and checks the file; every problem is a usage error naming the mirror and key. */
  public static MirrorFile load(Path file, Map<String, String> env, Path defaultStateDir) throws InvalidRequestException {
    Map<String, Object> root = YamlFiles.load(file, env);
    List<MirrorSpec> mirrors = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Object entry : list(root, "mirrors", "the mirror file")) {
      if (!(entry instanceof Map<?, ?> raw)) {
        throw new InvalidRequestException("each entry of 'mirrors' in " + file + " must be a mapping");
      }
      MirrorSpec spec = spec(map(raw));
      if (!names.add(spec.name().toLowerCase(Locale.ROOT))) { // state files must not collide on any file system
        throw new InvalidRequestException("two mirrors in " + file + " are named '" + spec.name() + "'");
      }
      mirrors.add(spec);
    }
    if (mirrors.isEmpty()) {
      throw new InvalidRequestException(file + " lists no mirrors (a 'mirrors:' list is needed)");
    }
    Object notify = root.get("notifications");
    Notifications notifications = notify instanceof Map<?, ?> n ? Notifications.of(map(n)) : Notifications.NONE;
    int parallel = root.get("parallel") == null ? 2 : integer(root.get("parallel"), "parallel", "the mirror file");
    Object stateDir = root.get("state-dir");
    return new MirrorFile(mirrors, notifications, Math.max(1, parallel),
        stateDir == null ? defaultStateDir : Path.of(String.valueOf(stateDir)));
  }

  private static MirrorSpec spec(Map<String, Object> m) throws InvalidRequestException {
    String name = string(m, "name", "a mirror");
    if (name == null) {
      throw new InvalidRequestException("every mirror needs a 'name' of letters, digits, '.', '_' or '-'");
    }
    RepositoryPath.of("the mirror name", name, false); // it names the state and lock files, and the backups
    String what = "mirror '" + name + "'";
    String source = string(m, "source", what);
    if (source == null) {
      throw new InvalidRequestException(what + " has no 'source'");
    }
    List<String> targets = new ArrayList<>();
    List<String> backups = new ArrayList<>(strings(m, "backup-to", what));
    for (String target : strings(m, "targets", what)) {
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
    if (m.get("retention") instanceof Map<?, ?> retention && retention.get("keep-chains") != null) {
      keepChains = integer(retention.get("keep-chains"), "retention.keep-chains", what);
      if (keepChains < 1) {
        throw new InvalidRequestException(what + ": 'retention.keep-chains' must be at least 1");
      }
    }
    int failoverAfter = m.get("failover-after") == null ? 3 : integer(m.get("failover-after"), "failover-after", what);
    return new MirrorSpec(name, source, strings(m, "fallback-sources", what), Math.max(1, failoverAfter), targets,
        backups, bidirectional, interval(m.getOrDefault("interval", "1h").toString(), what), onConflict,
        strings(m, "include-refs", what), strings(m, "exclude-refs", what),
        Boolean.parseBoolean(String.valueOf(m.getOrDefault("prune", "false"))), string(m, "sign-key", what), keepChains);
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
