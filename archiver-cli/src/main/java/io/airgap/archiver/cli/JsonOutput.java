package io.airgap.archiver.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.airgap.archiver.internal.Json;
import java.io.PrintStream;
import java.util.Map;

/** Prints result documents for {@code --json}. */
final class JsonOutput {
  private JsonOutput() {}

  static void print(PrintStream out, Map<String, ?> document) {
    try {
      out.println(Json.prettyWriter().writeValueAsString(document));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
