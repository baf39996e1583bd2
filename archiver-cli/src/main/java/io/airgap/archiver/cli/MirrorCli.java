package io.airgap.archiver.cli;

import picocli.CommandLine.Command;

/** {@code archiver mirror}: scheduled mirroring from a mirror file ({@code run}, {@code status}). */
@Command(name = "mirror", mixinStandardHelpOptions = true,
    description = "Run the mirrors of a mirror file (--config FILE) on their intervals, or show their status.",
    subcommands = {MirrorRunCli.class, MirrorStatusCli.class})
final class MirrorCli {
}
