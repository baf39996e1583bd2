package io.airgap.archiver.api;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.RepositoryPath;
import io.airgap.archiver.internal.Redaction;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code --target-template} of a fleet restore and a group sync: {@code {path}} the forge path, {@code {name}} its
 * last segment, {@code {group}} the rest (with its following {@code /} dropped when empty).
 */
final class TargetTemplate {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^}]*)}");
  private final String template;

  private TargetTemplate(String template) {
    this.template = template;
  }

  static TargetTemplate parse(String template) throws InvalidRequestException {
    if (template == null || template.isBlank()) {
      throw new InvalidRequestException("a fleet restore or group sync needs --target-template, e.g. 'https://git.internal/{group}/{name}.git'");
    }
    Matcher m = PLACEHOLDER.matcher(template);
    boolean any = false;
    while (m.find()) {
      if (!m.group(1).matches("path|name|group")) {
        throw new InvalidRequestException("--target-template has an unknown placeholder {" + m.group(1)
            + "}: use {path}, {name} or {group}");
      }
      any = true;
    }
    if (!any) {
      throw new InvalidRequestException("--target-template must contain {path} or {name} (and {group}): '"
          + Redaction.url(template) + "'");
    }
    return new TargetTemplate(template);
  }

  /**
   * Each path's target URL, in the given order; two paths on one URL (compared ignoring case, as forges
   * and some file systems do) is a usage error before anything is created or pushed.
   */
  Map<RepositoryPath, String> targets(Collection<RepositoryPath> paths) throws InvalidRequestException {
    Map<String, RepositoryPath> byTarget = new HashMap<>();
    Map<RepositoryPath, String> out = new LinkedHashMap<>();
    for (RepositoryPath path : paths) {
      String target = render(path);
      RepositoryPath other = byTarget.putIfAbsent(target.toLowerCase(Locale.ROOT), path);
      if (other != null) {
        throw new InvalidRequestException(other + " and " + path + " both map to " + Redaction.url(target) + " under"
            + " --target-template; nothing was created or pushed (use {path}, or {group} and {name})");
      }
      out.put(path, target);
    }
    return out;
  }

  /** The template filled from a checked path: its segments are plain, so the URL cannot be re-read as another. */
  String render(RepositoryPath path) {
    String name = path.name();
    String group = path.group();
    String t = group.isEmpty() ? template.replace("{group}/", "").replace("{group}-", "") : template;
    return t.replace("{path}", path.value()).replace("{name}", name).replace("{group}", group);
  }
}
