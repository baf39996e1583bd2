package io.airgap.archiver;

import static com.tngtech.archunit.core.domain.JavaCall.Predicates.target;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.type;
import static com.tngtech.archunit.core.domain.properties.HasName.Predicates.name;
import static com.tngtech.archunit.core.domain.properties.HasOwner.Predicates.With.owner;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;
import io.airgap.archiver.internal.ChildProcesses;
import java.util.regex.Pattern;

/**
 * Issue #27: {@link ChildProcesses} is the one place core starts another program, so no child ever
 * inherits the archiver's environment. The fixture proves the rule sees both ways of starting one.
 */
class ChildProcessRuleTest {
  private static final ArchRule ONLY_THROUGH_CHILD_PROCESSES = noClasses()
      .that().haveNameNotMatching(Pattern.quote(ChildProcesses.class.getName()) + "(\\$.*)?")
      .should().dependOnClassesThat().areAssignableTo(ProcessBuilder.class)
      .orShould().callMethodWhere(target(name("exec")).and(target(owner(type(Runtime.class)))))
      .because("every child process goes through internal.ChildProcesses (scrubbed environment, scratch folder)");

  @Test
  void core_startsProcessesOnlyThroughChildProcesses() {
    ONLY_THROUGH_CHILD_PROCESSES.check(new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.airgap.archiver"));
  }

  @Test
  void rule_reportsAProcessBuilder_andRuntimeExec() {
    EvaluationResult result = ONLY_THROUGH_CHILD_PROCESSES.evaluate(
        new ClassFileImporter().importPackages("io.airgap.archiver.archfixture.spawning"));
    String report = String.join("\n", result.getFailureReport().getDetails());
    assertTrue(report.contains("java.lang.ProcessBuilder"), report);
    assertTrue(report.contains("Runtime.exec"), report);
  }
}
