package io.airgap.archiver.api;

import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.internal.Redaction;
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
   * Each forge path's target URL, in the given order; two paths on one URL is a usage error before
   * anything is created or pushed.
   */
  java.util.Map<String, String> targets(java.util.Collection<String> paths) throws InvalidRequestException {
    java.util.Map<String, String> byTarget = new java.util.HashMap<>();
    java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
    for (String path : paths) {
      String target = render(path);
      String other = byTarget.putIfAbsent(target, path);
      if (other != null) {
        throw new InvalidRequestException(other + " and " + path + " both map to " + Redaction.url(target) + " under"
            + " --target-template; nothing was created or pushed (use {path}, or {group} and {name})");
      }
      out.put(path, target);
    }
    return out;
  }

  String render(String path) {
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    String group = slash < 0 ? "" : path.substring(0, slash);
    String t = group.isEmpty() ? template.replace("{group}/", "").replace("{group}-", "") : template;
    return t.replace("{path}", path).replace("{name}", name).replace("{group}", group);
  }
}
