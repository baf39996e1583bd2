package io.airgap.archiver.deps.python;

import io.airgap.archiver.deps.SourceTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What pip is given for a {@code requirements*.in}: the plain requirements of the file and of the
 * files it includes ({@code -r}) or is constrained by ({@code -c}) inside the tree, rebuilt by the
 * archiver — never the repository's file itself. Every other line is refused by file and line: an
 * option only draws a warning (pip asks the index named with {@code --pip-index} and nothing else); a
 * URL, VCS link, path or editable is a dependency that cannot be had without running code, so it comes
 * back as missing.
 *
 * @param requirements plain requirements, one a line
 * @param constraints plain constraints, one a line
 * @param warnings lines ignored, each naming its file and line
 * @param refused requirements refused, each naming its file and line
 */
record PipInput(List<String> requirements, List<String> constraints, List<String> warnings, List<Refused> refused) {
  /** A requirement line not passed to pip: its name in reports and why, starting with {@code ref:path:line}. */
  record Refused(String name, String reason) {}

  PipInput {
    requirements = List.copyOf(requirements);
    constraints = List.copyOf(constraints);
    warnings = List.copyOf(warnings);
    refused = List.copyOf(refused);
  }

  static PipInput read(SourceTree tree, String path) throws IOException {
    Reader reader = new Reader(tree);
    reader.read(path, false);
    return new PipInput(reader.requirements, reader.constraints, reader.warnings, reader.refused);
  }

  /** One pass over a file and its includes; a file already read is not read again. */
  private static final class Reader {
    private final SourceTree tree;
    private final List<String> requirements = new ArrayList<>();
    private final List<String> constraints = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private final List<Refused> refused = new ArrayList<>();
    private final Set<String> seen = new HashSet<>();

    Reader(SourceTree tree) {
      this.tree = tree;
    }

    void read(String path, boolean asConstraints) throws IOException {
      if (!seen.add(path + (asConstraints ? " -c" : ""))) {
        return;
      }
      for (RequirementLine line : RequirementLine.read(new String(tree.read(path), StandardCharsets.UTF_8))) {
        String where = tree.label(path) + ":" + line.number();
        RequirementLine.Kind kind = line.kind();
        switch (kind) {
          case INCLUDE, CONSTRAINT -> {
            String target = RequirementsFile.inTree(path, line.path());
            if (target != null && tree.exists(target)) {
              read(target, asConstraints || kind == RequirementLine.Kind.CONSTRAINT);
            } else {
              warnings.add(where + ": '" + line.shown() + "' ignored: it names no file inside the repository");
            }
          }
          case REQUIREMENT -> {
            (asConstraints ? constraints : requirements).add(line.plain());
            if (!line.options().isEmpty()) {
              warnings.add(where + ": the options of '" + line.name() + "' are not passed to pip");
            }
          }
          case OPTION -> warnings.add(where + ": '" + line.shown() + "' ignored: " + kind.why());
          default -> {
            String reason = where + ": refused '" + line.shown() + "', " + kind.why();
            if (asConstraints) {
              warnings.add(reason);
            } else {
              refused.add(new Refused(line.name(), reason));
            }
          }
        }
      }
    }
  }
}
