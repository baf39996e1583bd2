package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The tests' npm-family clients: one missing where .ci/run puts it fails the test (it never skips). */
class NpmClientsTest {
  @Test
  void aClientNotInstalledWhereCiRunPutsIt_failsTheTestNamingTheStep() {
    NpmClients.Client absent = new NpmClients.Client("pnpm", 99, "99.0.0");
    AssertionError failed = assertThrows(AssertionError.class, () -> NpmClients.require(absent));
    assertEquals("pnpm 99.0.0 is not installed at /opt/clients/pnpm-99/bin/pnpm; .ci/run installs it (its block"
        + " \"The npm-family clients the vendoring tests run\": npm install -g --prefix /opt/clients/pnpm-99"
        + " pnpm@99.0.0)", failed.getMessage());
  }

  @Test
  void anotherVersionWhereCiRunPutsAClient_failsTheTestNamingBoth() {
    NpmClients.Client older = new NpmClients.Client("pnpm", 9, "9.0.0");
    AssertionError failed = assertThrows(AssertionError.class, () -> NpmClients.require(older));
    assertEquals("/opt/clients/pnpm-9/bin/pnpm --version says 9.15.9 (exit 0), not 9.0.0; .ci/run installs it (its"
        + " block \"The npm-family clients the vendoring tests run\": npm install -g --prefix /opt/clients/pnpm-9"
        + " pnpm@9.0.0)", failed.getMessage());
  }

  @Test
  void everyClientTheTestsRun_isInstalledInExactlyItsVersion() throws Exception {
    for (NpmClients.Client client : NpmClients.all()) {
      NpmClients.require(client); // fails naming the client and .ci/run's step
    }
  }
}
