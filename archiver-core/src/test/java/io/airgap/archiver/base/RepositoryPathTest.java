package io.airgap.archiver.base;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The one gate for names from manifests and forges: a table of what passes and what is refused, and why. */
class RepositoryPathTest {
  private static final String SEG255 = "a".repeat(255);

  @ParameterizedTest
  @ValueSource(strings = {"app", "group/app", "group/sub/app", "A-Z_a-z.0-9", "org/.github", ".profile", "app.git",
      "_x", "x-", "x.", "...", "a..b", "a/b.c/d_e", "PROJ/my-repo", "x/y", "0"})
  void accepted_andNoDecoderOrResolverCanTurnThemIntoAnythingElse(String value) {
    assertNull(RepositoryPath.problem(value, true), value);
    assertEquals(value, URLDecoder.decode(value, StandardCharsets.UTF_8), "percent-decoding changes nothing");
    URI uri = URI.create("https://git.internal/mirror/" + value + ".git");
    assertEquals(uri.getRawPath(), uri.getPath(), "URI.getPath decodes nothing");
    assertNull(uri.getRawQuery());
    assertNull(uri.getRawFragment());
    assertEquals("git.internal", uri.getHost());
    Path base = Path.of("/srv/mirror");
    Path resolved = base.resolve(value).normalize();
    assertTrue(resolved.startsWith(base) && !resolved.equals(base), "stays below the folder: " + resolved);
    assertEquals(value.split("/").length, base.relativize(resolved).getNameCount(), "no segment collapses");
  }

  @ParameterizedTest
  @ValueSource(strings = {"app", ".github", "victim", "a.b-c_d"})
  void acceptedAsOneSegmentNames(String value) {
    assertNull(RepositoryPath.problem(value, false), value);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
    // traversal, plain and encoded however many times
    "..                        | the segment '..'",
    ".                         | the segment '.'",
    "a/../b                    | the segment '..'",
    "a/./b                     | the segment '.'",
    "../../escaped-sync        | the segment '..'",
    ".git                      | the segment '.git'",
    "a/.GIT                    | the segment '.GIT'",
    "..%2F..%2Fescaped         | the character '%'",
    "%2e%2e                    | the character '%'",
    "a%252e%252e               | the character '%'",
    "%2F                       | the character '%'",
    "x%00y                     | the character '%'",
    "x%0ay                     | the character '%'",
    // URL structure
    "victim#                   | the character '#'",
    "victim?x=1                | the character '?'",
    "user@host                 | the character '@'",
    "host:group/app            | the character ':'",
    "a+b                       | the character '+'",
    "a;b                       | the character ';'",
    "a&b=c                     | the character '&'",
    "~user                     | the character '~'",
    "a*                        | the character '*'",
    "`a'b`                     | the character '\\''",
    "`a\"b`                    | the character '\"'",
    "`a\\b`                    | the character '\\\\'",
    "`..\\..\\x`               | the character '\\\\'",
    // empty segments
    "/app                      | an empty segment",
    "app/                      | an empty segment",
    "a//b                      | an empty segment",
    "`/`                       | an empty segment",
    // options for a command line
    "-rf                       | a segment starting with '-'",
    "g/--upload-pack=x         | the character '='",
    "g/-x                      | a segment starting with '-'",
  })
  void refused_namingWhy(String value, String why) {
    assertEquals(why, RepositoryPath.problem(value.strip(), true), value);
  }

  @Test
  void refused_controlWhitespaceAndNonAsciiCharacters_shownEscaped() {
    String[][] cases = {
      {"x\u0000y", "'\\x00'"}, {"x\u001b[2Jy", "'\\x1b'"}, {"x\ty", "'\\x09'"}, {"x\ny", "'\\x0a'"},
      {"x\ry", "'\\x0d'"}, {"x\u007fy", "'\\x7f'"}, {"x y", "' '"}, {"x\u0085y", "'\\u0085'"},
      {"x\u00a0y", "'\\u00a0'"}, {"x\u202ey", "'\\u202e'"}, {"x\u200by", "'\\u200b'"}, {"\u00e9t\u00e9", "'\\u00e9'"},
      {"a\uff0e\uff0e", "'\\uff0e'"}, {"\u2024\u2024", "'\\u2024'"}, {"a\u2215b", "'\\u2215'"}, {"a\ufeffb", "'\\ufeff'"},
      {"\ud83d\ude00", "'\\ud83d'"},
    };
    for (String[] c : cases) {
      assertEquals("the character " + c[1], RepositoryPath.problem(c[0], true), c[0]);
    }
  }

  @Test
  void limits_segmentLengthTotalLengthAndDepth() {
    assertNull(RepositoryPath.problem(SEG255, false));
    assertEquals("a segment of 256 characters (at most 255)", RepositoryPath.problem(SEG255 + "a", false));
    String total = SEG255 + "/" + SEG255; // 511
    assertNull(RepositoryPath.problem(total, true));
    assertEquals("513 characters (at most 512)", RepositoryPath.problem(total + "/a", true));
    List<String> deep = new ArrayList<>(java.util.Collections.nCopies(21, "g"));
    assertNull(RepositoryPath.problem(String.join("/", deep), true));
    deep.add("g");
    assertEquals("22 segments (at most 21)", RepositoryPath.problem(String.join("/", deep), true));
    assertEquals("no characters", RepositoryPath.problem("", true));
    assertEquals("no characters", RepositoryPath.problem(null, true));
  }

  @Test
  void aNameIsOneSegment() {
    assertEquals("a '/' (a name is one segment)", RepositoryPath.problem("group/app", false));
    assertEquals("a '/' (a name is one segment)", RepositoryPath.problem("../x", false));
  }

  @Test
  void eachOrigin_refusesWithItsExitCode_namingTheValueEscaped_andWhatIsAllowed() {
    UntrustedArchiveException manifest = assertThrows(UntrustedArchiveException.class,
        () -> RepositoryPath.fromManifest("source.name", "..%2F..%2Fescaped\u001b", false));
    assertEquals("manifest.json's source.name \"..%2F..%2Fescaped\\x1b\" is not a repository name: it has the"
        + " character '%'. Allowed: " + RepositoryPath.ALLOWED, manifest.getMessage());

    OperationFailedException forge = assertThrows(OperationFailedException.class,
        () -> RepositoryPath.fromForge("the GitLab API", "../../escaped-sync"));
    assertTrue(forge.getMessage().startsWith("the GitLab API answered the repository path \"../../escaped-sync\", which is"
        + " not a forge path: it has the segment '..'"), forge.getMessage());
    assertTrue(forge.getMessage().contains(RepositoryPath.ALLOWED), forge.getMessage());

    InvalidRequestException usage = assertThrows(InvalidRequestException.class,
        () -> RepositoryPath.of("the mirror name", "a\"b", false));
    assertTrue(usage.getMessage().startsWith("the mirror name \"a\\\"b\" is not a repository name: it has the"
        + " character '\"'"), usage.getMessage());
  }

  @Test
  void printable_cutsLongValues_andNeverPassesAControlCharacterThrough() {
    assertEquals("\"" + "a".repeat(200) + "...\"", RepositoryPath.printable("a".repeat(300)));
    assertEquals("(none)", RepositoryPath.printable(null));
    String shown = RepositoryPath.printable("\u001b]0;owned\u0007\u009b31m\u202e");
    assertFalse(shown.chars().anyMatch(c -> c < 0x20 || c > 0x7e), shown);
  }

  @Test
  void partsAndEquality() throws Exception {
    RepositoryPath p = RepositoryPath.of("a path", "backend/sub/worker", true);
    assertEquals("worker", p.name());
    assertEquals("backend/sub", p.group());
    assertEquals("", RepositoryPath.of("a name", "tool", false).group());
    assertEquals(p, RepositoryPath.fromForge("the GitLab API", "backend/sub/worker"));
    assertEquals("backend/sub/worker", p.toString());
  }
}
