package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README is the operator's guide and stays short; the reference is in docs/. Every relative link in
 * either resolves to a file, and a link with a {@code #heading} to a heading of that file (as GitHub
 * makes heading anchors), so moving text cannot leave a link dangling.
 */
class DocumentationTest {
  static final Path ROOT = Path.of(System.getProperty("user.dir")).toAbsolutePath().getParent();
  private static final int MAX_README_LINES = 650;
  private static final Pattern LINK = Pattern.compile("\\[([^\\]]*)\\]\\(([^)\\s]+)\\)");
  private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");

  @Test
  void readme_isTheOperatorsGuide_short_withItsTwoSetUpCommands_andLinksTheReference() throws Exception {
    List<String> lines = Files.readAllLines(ROOT.resolve("README.md"));
    assertTrue(lines.size() <= MAX_README_LINES, "README.md has " + lines.size() + " lines; the reference belongs in docs/");
    String readme = String.join("\n", lines);
    // .ci/run and the first-time reader run these two exactly
    assertTrue(readme.contains("```sh\nmvn -B -q -DskipTests package && samples/quickstart.sh\n```"), "the quickstart command");
    assertTrue(readme.contains("```sh\nmvn -B verify\n```"), "the test command");
    for (String heading : List.of("## Install", "## Quickstart", "## A ten-minute walk-through", "## The nightly setup",
        "## Where to look next")) {
      assertTrue(lines.contains(heading), "README has the section " + heading);
    }
    Set<String> linked = new TreeSet<>();
    for (Link link : links(ROOT.resolve("README.md"))) {
      if (link.file().startsWith("docs/")) {
        linked.add(link.file());
      }
    }
    for (String page : List.of("docs/README.md", "docs/commands.md", "docs/archive-format.md", "docs/security.md",
        "docs/configuration.md", "docs/troubleshooting.md", "docs/benchmark.md", "docs/development.md",
        "docs/custody.md", "docs/registries.md")) {
      assertTrue(Files.isRegularFile(ROOT.resolve(page)), page + " exists");
      assertTrue(linked.contains(page), "README links " + page + "; it links " + linked);
    }
  }

  @Test
  void everyDocsPage_isListedInTheIndex_andLinkedFromTheReadme() throws Exception {
    Set<String> pages = new TreeSet<>();
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).forEach(p -> pages.add(p.getFileName().toString()));
    }
    pages.remove("README.md");
    Set<String> inIndex = new TreeSet<>();
    for (Link link : links(ROOT.resolve("docs/README.md"))) {
      inIndex.add(link.file().replaceFirst("^docs/", ""));
    }
    Set<String> inReadme = new TreeSet<>();
    for (Link link : links(ROOT.resolve("README.md"))) {
      inReadme.add(link.file().replaceFirst("^docs/", ""));
    }
    for (String page : pages) {
      assertTrue(inIndex.contains(page), "docs/README.md lists " + page);
      assertTrue(inReadme.contains(page), "README.md links docs/" + page);
    }
  }

  @Test
  void everyRelativeLink_inTheReadmeAndDocs_resolvesToAFile_andItsHeading() throws Exception {
    List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> files = Files.list(ROOT.resolve("docs"))) {
      files.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
    }
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Path document : documents) {
      for (Link link : links(document)) {
        checked++;
        Path target = ROOT.resolve(link.file()).normalize();
        if (!target.startsWith(ROOT) || !Files.exists(target)) {
          broken.add(ROOT.relativize(document) + ": [" + link.text() + "](" + link.raw() + "): no file " + link.file());
        } else if (!link.anchor().isEmpty() && !anchors(target).contains(link.anchor())) {
          broken.add(ROOT.relativize(document) + ": [" + link.text() + "](" + link.raw() + "): " + link.file()
              + " has no heading #" + link.anchor() + "; it has " + anchors(target));
        }
      }
    }
    assertTrue(checked > 50, "links were found: " + checked);
    assertEquals(List.of(), broken);
  }

  @Test
  void anchors_areMadeAsGitHubMakesThem() {
    assertEquals("sync--mirror-directly", slug("sync — mirror directly"));
    assertEquals("archive-layout-format-airgap-archive1", slug("Archive layout (format `airgap-archive/1`)"));
    assertEquals("1-make-the-signing-key-connected-side-once", slug("1. Make the signing key (connected side, once)"));
  }

  /** A relative link: the file it names (relative to the repository root) and the heading anchor, if any. */
  record Link(String text, String raw, String file, String anchor) {}

  /** The relative links of a Markdown file, outside code blocks and code spans; web links are left out. */
  static List<Link> links(Path document) throws IOException {
    List<Link> found = new ArrayList<>();
    boolean code = false;
    Path dir = ROOT.relativize(document.toAbsolutePath()).getParent();
    for (String line : Files.readAllLines(document)) {
      if (line.startsWith("```")) {
        code = !code;
        continue;
      }
      if (code) {
        continue;
      }
      Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll("``"));
      while (m.find()) {
        String raw = m.group(2);
        if (raw.matches("[a-z]+:.*")) {
          continue; // https:, mailto:
        }
        int hash = raw.indexOf('#');
        String file = hash < 0 ? raw : raw.substring(0, hash);
        String anchor = hash < 0 ? "" : raw.substring(hash + 1);
        String resolved = file.isEmpty() ? ROOT.relativize(document.toAbsolutePath()).toString()
            : (dir == null ? Path.of(file) : dir.resolve(file)).normalize().toString();
        found.add(new Link(m.group(1), raw, resolved, anchor));
      }
    }
    return found;
  }

  /** The anchors GitHub gives a Markdown file's headings (a repeated heading gets -1, -2, …). */
  static Set<String> anchors(Path file) throws IOException {
    Set<String> anchors = new HashSet<>();
    if (!file.toString().endsWith(".md") || Files.isDirectory(file)) {
      return anchors;
    }
    Map<String, Integer> seen = new HashMap<>();
    boolean code = false;
    for (String line : Files.readAllLines(file)) {
      if (line.startsWith("```")) {
        code = !code;
      } else if (!code && line.matches("#{1,6} .*")) {
        String slug = slug(line.replaceFirst("^#+ ", ""));
        int n = seen.merge(slug, 1, Integer::sum);
        anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
      }
    }
    return anchors;
  }

  /** GitHub's heading anchor: lower case; letters, digits, spaces, '-' and '_' kept; spaces become '-'. */
  static String slug(String heading) {
    return heading.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
  }
}
