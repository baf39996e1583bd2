package io.airgap.archiver.archfixture.spawning;

import java.io.IOException;

/** Starts processes past ChildProcesses on purpose, for the rule that forbids it to report. */
public final class Spawner {
  private Spawner() {}

  public static void both() throws IOException {
    new ProcessBuilder("true").start();
    Runtime.getRuntime().exec(new String[] {"true"});
  }
}
