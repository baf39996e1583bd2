package io.airgap.archiver.cli;

import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults, weakest first: the environment (so the seed workflow's variables keep
 * working: {@code SOURCE_REPO_URL}, {@code ARCHIVE_OUTPUT_PATH}, {@code TARGET_REPO_URL}, …),
 * then the {@code --config} file. Flags given on the command line override both.
 */
final class EnvironmentDefaults implements CommandLine.IDefaultValueProvider {
  private static final Map<String, String> VARIABLES = Map.ofEntries(
      Map.entry("--source", "SOURCE_REPO_URL"),
      Map.entry("--output", "ARCHIVE_OUTPUT_PATH"),
      Map.entry("--target", "TARGET_REPO_URL"),
      Map.entry("--sign-key", "ARCHIVER_SIGN_KEY"),
      Map.entry("--trust", "ARCHIVER_TRUSTED_KEYS"),
      Map.entry("--require-signature", "ARCHIVER_REQUIRE_SIGNATURE"),
      Map.entry("--cache", "ARCHIVER_CACHE"),
      Map.entry("--workspace", "ARCHIVER_WORKSPACE"),
      Map.entry("--name", "ARCHIVE_NAME"),
      Map.entry("--s3-endpoint", "AWS_ENDPOINT_URL"));

  private final Map<String, String> env;
  private final ConfigFile config;

  EnvironmentDefaults(Map<String, String> env, ConfigFile config) {
    this.env = env;
    this.config = config;
  }

  @Override
  public String defaultValue(ArgSpec argSpec) {
    if (argSpec instanceof OptionSpec option && !option.longestName().equals("--config")) {
      String configured = config.defaultFor(option.longestName());
      if (configured != null) {
        return configured;
      }
      String variable = VARIABLES.get(option.longestName());
      String value = variable == null ? null : env.get(variable);
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return argSpec.defaultValue();
  }
}
