package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.progress.ProgressEvent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The console's progress, fed the events one step of a create sends (JGit's tasks, one after another, the first
 * of them never counting anything): on a terminal the step keeps one line, redrawn in place; off a terminal
 * with --verbose each task shows once per tenth and the counter that never moved not at all.
 */
class ConsoleRendererTest {
  private static final List<ProgressEvent> STEP = List.of(
      new ProgressEvent.StepStarted(1, 1, "Writing git bundle (1 ref)"),
      new ProgressEvent.Progress("remote: Counting objects", 0, -1, ProgressEvent.Unit.ITEMS),
      new ProgressEvent.Progress("Finding sources", 0, 400, ProgressEvent.Unit.ITEMS),
      new ProgressEvent.Progress("Finding sources", 200, 400, ProgressEvent.Unit.ITEMS),
      new ProgressEvent.Progress("Finding sources", 400, 400, ProgressEvent.Unit.ITEMS),
      new ProgressEvent.Progress("Finding sources", 400, 400, ProgressEvent.Unit.ITEMS),
      new ProgressEvent.Progress("Counting objects", 17, -1, ProgressEvent.Unit.ITEMS),
      new ProgressEvent.Progress("Counting objects", 42, -1, ProgressEvent.Unit.ITEMS),
      new ProgressEvent.StepFinished(1, 1, "Writing git bundle (1 ref)", Duration.ofMillis(5)));

  @Test
  void terminal_oneLinePerStep_redrawnInPlace_withoutEmptyCounters() {
    String screen = render(true, false);
    List<String> lines = List.of(screen.split("\n")); // "\r" redraws in place; only "\n" ends a line
    assertEquals(3, lines.size(), "step, its one progress line, done: " + screen);
    assertTrue(lines.get(1).contains("\r\033[2K") && lines.get(1).endsWith("Counting objects 42"), screen);
    assertFalse(screen.contains("Counting objects 0") || screen.contains("remote:"), screen);
  }

  @Test
  void plainVerbose_oncePerTenth_unknownAmountOnceAtTheEnd_noEmptyCounters() {
    String log = render(false, true);
    assertEquals(List.of("Step 1/1: Writing git bundle (1 ref)...", "  Finding sources:  50% 200/400",
        "  Finding sources: 100% 400/400", "  Counting objects: 42", "  done in 5 ms"), log.lines().toList());
    assertFalse(log.contains("\033"), log);
  }

  @Test
  void plainWithoutVerbose_showsStepsOnly() {
    assertEquals(List.of("Step 1/1: Writing git bundle (1 ref)...", "  done in 5 ms"), render(false, false).lines().toList());
  }

  private static String render(boolean terminal, boolean verbose) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    CommonOptions options = new CommonOptions();
    options.verbose = verbose;
    ConsoleRenderer console = new ConsoleRenderer(err, options, terminal);
    STEP.forEach(console::onEvent);
    return bytes.toString(StandardCharsets.UTF_8);
  }
}
