package io.airgap.archiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Holds core to its layers (see {@link ArchitectureRules}); the fixture tests prove each rule
 * reports the violation it exists for, so a rule that silently matched nothing would show here.
 */
class ArchitectureTest {
  private static final String CORE = "io.airgap.archiver";
  private static final String FIXTURES = "io.airgap.archiver.archfixture";

  private static JavaClasses core;

  private static synchronized JavaClasses core() {
    if (core == null) {
      core = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(CORE);
    }
    return core;
  }

  private static JavaClasses fixture(String name) {
    return new ClassFileImporter().importPackages(FIXTURES + "." + name);
  }

  @Test
  void core_importsOnlyDownwardAcrossLayers() {
    JavaClasses core = core();
    assertTrue(core.containPackage(CORE + ".api") && core.containPackage(CORE + ".base"), "core's classes were found");
    ArchitectureRules.layers(CORE).check(core);
  }

  @Test
  void core_hasNoPackageCycles() {
    ArchitectureRules.noCycles(CORE).check(core());
  }

  @Test
  void core_neverPrints() {
    ArchitectureRules.noPrinting().check(core());
  }

  @Test
  void storesAndEcosystems_doNotImportEachOther() {
    JavaClasses core = core();
    ArchitectureRules.independentPlugIns(CORE, "storage").check(core);
    ArchitectureRules.independentPlugIns(CORE, "deps").check(core);
    ArchitectureRules.independentPlugIns(CORE, "publish").check(core);
  }

  @Test
  void everyCorePackage_saysInPackageInfoWhatLivesThereAndWhatItMayImport() throws IOException {
    Path sources = Path.of("src/main/java");
    List<String> missing;
    try (Stream<Path> dirs = Files.walk(sources)) {
      missing = dirs.filter(dir -> Files.isDirectory(dir) && isPackage(dir) && !Files.exists(dir.resolve("package-info.java")))
          .map(dir -> sources.relativize(dir).toString()).toList();
    }
    assertEquals(List.of(), missing, "packages without package-info.java");
  }

  private static boolean isPackage(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.toString().endsWith(".java"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void plugInRule_reportsOneImplementationImportingAnother() {
    EvaluationResult result = evaluate(ArchitectureRules.independentPlugIns(FIXTURES, "sideways"), fixture("sideways"));
    assertTrue(result.hasViolation());
    assertReportMentions(result, "sideways.git.GitSide", "sideways.storage.StorageSide");
  }

  @Test
  void layerRule_reportsAnUpwardImport() {
    EvaluationResult result = evaluate(ArchitectureRules.layers(FIXTURES + ".upward"), fixture("upward"));
    assertTrue(result.hasViolation());
    assertReportMentions(result, "upward.base.Lower", "upward.api.Upper");
  }

  @Test
  void layerRule_reportsAnImportBetweenNeighboursOfOneLayer() {
    EvaluationResult result = evaluate(ArchitectureRules.layers(FIXTURES + ".sideways"), fixture("sideways"));
    assertTrue(result.hasViolation());
    assertReportMentions(result, "sideways.git.GitSide", "sideways.storage.StorageSide");
  }

  @Test
  void cycleRule_reportsACycle() {
    EvaluationResult result = evaluate(ArchitectureRules.noCycles(FIXTURES + ".upward"), fixture("upward"));
    assertTrue(result.hasViolation());
    assertReportMentions(result, "Cycle", "upward.base.Lower");
  }

  @Test
  void printingRule_reportsSystemOut() {
    EvaluationResult result = evaluate(ArchitectureRules.noPrinting(), fixture("printing"));
    assertTrue(result.hasViolation());
    assertReportMentions(result, "printing.internal.Printer", "System.out");
  }

  @Test
  void rules_acceptADownwardImportWithOptionalLayersAbsent() {
    JavaClasses clean = fixture("clean");
    assertFalse(evaluate(ArchitectureRules.layers(FIXTURES + ".clean"), clean).hasViolation());
    assertFalse(evaluate(ArchitectureRules.noCycles(FIXTURES + ".clean"), clean).hasViolation());
  }

  private static EvaluationResult evaluate(ArchRule rule, JavaClasses classes) {
    assertFalse(classes.isEmpty(), "the fixture's classes were found");
    return rule.evaluate(classes);
  }

  private static void assertReportMentions(EvaluationResult result, String... parts) {
    String report = String.join("\n", result.getFailureReport().getDetails());
    for (String part : parts) {
      assertTrue(report.contains(part), "the report names " + part + ":\n" + report);
    }
  }
}
