package io.airgap.archiver.deps.python;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One logical line of a pip requirements file, its number (of its first physical line), and what
 * kind of line it is to pip. Only a plain requirement — name, extras, version specifiers, marker —
 * is ever passed on to pip, and then as the archiver rebuilds it: a URL, VCS link, path or editable
 * would have pip fetch from elsewhere and build code the repository names, and an option could
 * point pip at another index, server or file.
 */
record RequirementLine(int number, String text) {
  /** What pip would do with the line. */
  enum Kind {
    INCLUDE("an include"),
    CONSTRAINT("a constraints file"),
    OPTION("an option: pip asks only the index named with --pip-index (or $PIP_INDEX_URL)"),
    EDITABLE("an editable requirement: pip would build it, running the repository's code; require what it needs"
        + " by name instead"),
    VCS("a VCS link: pip would check it out and build it, running its code; publish a wheel of it to the index and"
        + " require it by name"),
    URL("a direct URL: pip would fetch it from outside the index, and build it if it is an sdist; publish a wheel"
        + " of it to the index and require it by name"),
    PATH("a local path: pip would build it, running its code; require it by name from the index instead"),
    REQUIREMENT("a requirement"),
    OTHER("not a requirement by name (name[extras] version specifiers ; marker)");

    private final String why;

    Kind(String why) {
      this.why = why;
    }

    /** Why a line of this kind is not passed to pip. */
    String why() {
      return why;
    }
  }

  private static final String NAME = "[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?";
  private static final String EXTRAS = "\\[\\s*(?:" + NAME + "(?:\\s*,\\s*" + NAME + ")*)?\\s*\\]";
  private static final String SPEC_ONE = "(?:===|==|!=|<=|>=|~=|<|>)\\s*[A-Za-z0-9.*+!_-]+";
  private static final String SPEC = SPEC_ONE + "(?:\\s*,\\s*" + SPEC_ONE + ")*";
  private static final Pattern PLAIN = Pattern.compile("(" + NAME + ")\\s*(" + EXTRAS + ")?\\s*(\\(\\s*" + SPEC
      + "\\s*\\)|" + SPEC + ")?\\s*(?:;\\s*([A-Za-z0-9_.\\s'\"<>=!~(),*+-]+))?");
  private static final Pattern NAMED_URL = Pattern.compile("(" + NAME + ")\\s*(?:" + EXTRAS + ")?\\s*@.*");
  private static final Pattern VCS_LINK = Pattern.compile("(?i)(?:^|[@\\s])(?:git|hg|svn|bzr)\\+");
  private static final Pattern EGG = Pattern.compile("#egg=(" + NAME + ")");
  private static final Pattern ARCHIVE = Pattern.compile("(?i).*\\.(whl|zip|tar\\.gz|tgz|tar\\.bz2|tar\\.xz)$");
  private static final int SHOWN = 120;

  /** The logical lines of a file's text: continuations joined, comments and blank lines dropped. */
  static List<RequirementLine> read(String fileText) {
    List<RequirementLine> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    int first = 0;
    String[] raw = fileText.split("\\R", -1);
    for (int i = 0; i < raw.length; i++) {
      if (current.length() == 0) {
        first = i + 1;
      }
      String line = raw[i].replaceAll("(^|\\s)#.*$", "");
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1).append(' ');
        continue;
      }
      current.append(line);
      String done = current.toString().trim();
      if (!done.isEmpty()) {
        out.add(new RequirementLine(first, done));
      }
      current.setLength(0);
    }
    return out;
  }

  Kind kind() {
    if (argument("-r", "--requirement") != null) {
      return Kind.INCLUDE;
    }
    if (argument("-c", "--constraint") != null) {
      return Kind.CONSTRAINT;
    }
    if (argument("-e", "--editable") != null) {
      return Kind.EDITABLE;
    }
    if (text.startsWith("-")) {
      return Kind.OPTION;
    }
    if (VCS_LINK.matcher(text).find()) {
      return Kind.VCS;
    }
    if (text.contains("://") || NAMED_URL.matcher(text).matches() || text.toLowerCase(Locale.ROOT).startsWith("file:")) {
      return Kind.URL;
    }
    String spec = requirementPart();
    if (spec.startsWith(".") || spec.startsWith("/") || spec.startsWith("~") || spec.contains("/")
        || spec.contains("\\") || ARCHIVE.matcher(spec).matches()) {
      return Kind.PATH;
    }
    return PLAIN.matcher(spec).matches() ? Kind.REQUIREMENT : Kind.OTHER;
  }

  /** The file an include or constraints line names (as written), or null for other lines. */
  String path() {
    String include = argument("-r", "--requirement");
    return include != null ? include : argument("-c", "--constraint");
  }

  /**
   * A requirement as the archiver hands it to pip: name, extras, specifiers and marker rebuilt from
   * what it parsed, without per-requirement options. Only for {@link Kind#REQUIREMENT} lines.
   */
  String plain() {
    Matcher m = PLAIN.matcher(requirementPart());
    if (!m.matches()) {
      throw new IllegalStateException("not a plain requirement");
    }
    StringBuilder out = new StringBuilder(m.group(1));
    if (m.group(2) != null) {
      out.append(m.group(2).replaceAll("\\s+", ""));
    }
    if (m.group(3) != null) {
      out.append(m.group(3).replaceAll("[\\s()]+", ""));
    }
    if (m.group(4) != null) {
      out.append(" ; ").append(m.group(4).trim());
    }
    return out.toString();
  }

  /** The per-requirement options after a requirement ({@code --hash=…}), which are not passed on. */
  String options() {
    return text.substring(requirementPart().length()).trim();
  }

  /** A name for a refused line in reports: the distribution's when it says one, else the line as shown. */
  String name() {
    Matcher plain = PLAIN.matcher(requirementPart());
    if (plain.matches()) {
      return plain.group(1);
    }
    Matcher named = NAMED_URL.matcher(text);
    if (!text.startsWith("-") && named.matches()) {
      return named.group(1);
    }
    Matcher egg = EGG.matcher(text);
    return egg.find() ? egg.group(1) : shown();
  }

  /** The line for messages: credentials in URLs masked, control characters replaced, long lines cut. */
  String shown() {
    String s = text.replaceAll("(?<=://)[^/@\\s]*@", "***@").replaceAll("\\p{Cntrl}", "?");
    return s.length() > SHOWN ? s.substring(0, SHOWN) + "..." : s;
  }

  private String requirementPart() {
    return text.replaceFirst("\\s+--.*$", "").trim();
  }

  /** The argument of option {@code shortName}/{@code longName} if this line is that option, else null. */
  private String argument(String shortName, String longName) {
    for (String prefix : List.of(longName + "=", longName, shortName)) {
      if (text.startsWith(prefix) && !(prefix.equals(shortName) && text.startsWith("--"))) {
        String rest = text.substring(prefix.length());
        if (prefix.equals(longName) && !rest.isEmpty() && !Character.isWhitespace(rest.charAt(0))) {
          continue; // --requirementsfoo is another option
        }
        rest = rest.strip();
        return rest.isEmpty() ? null : rest;
      }
    }
    return null;
  }
}
