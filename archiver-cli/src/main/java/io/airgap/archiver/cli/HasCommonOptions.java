package io.airgap.archiver.cli;

/** A subcommand carrying {@link CommonOptions}, so errors render as it asked. */
interface HasCommonOptions {
  CommonOptions common();
}
