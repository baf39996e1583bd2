package io.airgap.archiver;

import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.GeneralCodingRules;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds core's architecture rules for any root package, so that {@link ArchitectureTest} checks the
 * real code and the fixtures that prove the rules can fail with the very same rules.
 */
final class ArchitectureRules {
  /**
   * Core's layers, bottom to top; a package may use only packages on lower rows, not its row's
   * neighbours. {@code steps} (the generic step runner) is optional: the rules hold with or without it.
   */
  static final List<List<String>> LAYERS = List.of(
      List.of("base"),
      List.of("progress"),
      List.of("steps"),
      List.of("internal"),
      List.of("signing", "git", "storage", "forge"),
      List.of("manifest"),
      List.of("archive"),
      List.of("lfs", "deps", "policy", "custody", "publish"),
      List.of("create", "restore", "sync", "mirror", "review"),
      List.of("api"));

  private ArchitectureRules() {}

  /** Each package (with its sub-packages) under {@code root} uses only the layers below its own. */
  static ArchRule layers(String root) {
    LayeredArchitecture layered = layeredArchitecture().consideringOnlyDependenciesInLayers().withOptionalLayers(true);
    for (List<String> row : LAYERS) {
      for (String name : row) {
        layered = layered.layer(name).definedBy(root + "." + name + "..");
      }
    }
    List<String> below = new ArrayList<>();
    for (List<String> row : LAYERS) {
      for (String name : row) {
        layered = below.isEmpty()
            ? layered.whereLayer(name).mayNotAccessAnyLayer()
            : layered.whereLayer(name).mayOnlyAccessLayers(below.toArray(String[]::new));
      }
      below.addAll(row);
    }
    return layered.ensureAllClassesAreContainedInArchitecture();
  }

  /** No import cycle among the top-level packages under {@code root}. */
  static ArchRule noCycles(String root) {
    return slices().matching(root + ".(*)..").should().beFreeOfCycles();
  }

  /** The implementations under one plug-in point (stores, ecosystems) know nothing of each other. */
  static ArchRule independentPlugIns(String root, String plugInPoint) {
    return slices().matching(root + "." + plugInPoint + ".(*)..").should().notDependOnEachOther()
        .allowEmptyShould(true);
  }

  /** Core reports through progress events; the caller decides what reaches a terminal. */
  static ArchRule noPrinting() {
    return GeneralCodingRules.NO_CLASSES_SHOULD_ACCESS_STANDARD_STREAMS;
  }
}
