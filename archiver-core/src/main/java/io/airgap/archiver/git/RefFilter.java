package io.airgap.archiver.git;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Which refs an archive carries, by glob: {@code *} matches any run of characters including
 * {@code /}, {@code ?} one character. A ref is carried when it matches an include and no exclude.
 */
public final class RefFilter {
  /** Branches, tags and notes: what people mean by "the repository". */
  public static final List<String> DEFAULT_INCLUDES = List.of("refs/heads/*", "refs/tags/*", "refs/notes/*");

  private final List<Pattern> includes;
  private final List<Pattern> excludes;

  private RefFilter(List<Pattern> includes, List<Pattern> excludes) {
    this.includes = includes;
    this.excludes = excludes;
  }

  public static RefFilter of(List<String> includes, List<String> excludes) {
    List<String> inc = includes == null || includes.isEmpty() ? DEFAULT_INCLUDES : includes;
    return new RefFilter(
        inc.stream().map(RefFilter::compile).toList(),
        excludes == null ? List.of() : excludes.stream().map(RefFilter::compile).toList());
  }

  public boolean accepts(String refName) {
    return includes.stream().anyMatch(p -> p.matcher(refName).matches())
        && excludes.stream().noneMatch(p -> p.matcher(refName).matches());
  }

  private static Pattern compile(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }
}
