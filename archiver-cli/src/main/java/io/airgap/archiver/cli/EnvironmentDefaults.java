package io.airgap.archiver.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from the environment, so the seed workflow's variables keep working:
 * {@code SOURCE_REPO_URL}, {@code ARCHIVE_OUTPUT_PATH}, {@code TARGET_REPO_URL}, and the archiver's own.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
  private static final Map<String, String> VARIABLES = Map.of(
      "--source", "SOURCE_REPO_URL",
      "--output", "ARCHIVE_OUTPUT_PATH",
      "--target", "TARGET_REPO_URL",
      "--sign-key", "ARCHIVER_SIGN_KEY",
      "--trust", "ARCHIVER_TRUSTED_KEYS",
      "--cache", "ARCHIVER_CACHE",
      "--workspace", "ARCHIVER_WORKSPACE",
      "--name", "ARCHIVE_NAME");

  private final Map<String, String> env;

  EnvironmentDefaults(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option) {
      String variable = VARIABLES.get(option.longestName());
      String value = variable == null ? null : env.get(variable);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return argSpec.defaultValue();
  }
}
