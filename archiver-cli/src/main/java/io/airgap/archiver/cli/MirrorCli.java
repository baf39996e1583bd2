package io.airgap.archiver.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

/** {@code archiver mirror}: scheduled mirroring from a mirror file ({@code run}, {@code status}). */
@Command(name = "mirror", mixinStandardHelpOptions = true,
    description = "Run the mirrors of a mirror file (--config FILE) on their intervals, or show their status.",
    subcommands = {MirrorRunCli.class, MirrorStatusCli.class})
final class MirrorCli implements Callable<Integer> {
  @CommandLine.Spec CommandSpec spec;

  @Override
  public Integer call() {
    return ArchiverCli.overview(spec);
  }
}
