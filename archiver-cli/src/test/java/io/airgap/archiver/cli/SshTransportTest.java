package io.airgap.archiver.cli;

import static io.airgap.archiver.testing.CGit.git;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.airgap.archiver.testing.CGit;
import io.airgap.archiver.testing.OpenSshServer;
import io.airgap.archiver.testing.SampleRepos;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ssh:// source and target through the machine's OpenSSH server, with a key and a known_hosts file. */
class SshTransportTest {
  @TempDir Path tmp;

  @Test
  void sshSourceAndTarget_withKeyAndKnownHosts_roundTripExactly() throws Exception {
    Path src = SampleRepos.rich(tmp.resolve("src"));
    Path sourceBare = tmp.resolve("source.git");
    git(tmp, "clone", "-q", "--mirror", src.toString(), sourceBare.toString());
    Path target = tmp.resolve("target.git");
    git(tmp, "init", "-q", "--bare", target.toString());
    CliRunner cli = new CliRunner(tmp);
    Fixtures.Keys keys = Fixtures.Keys.generate(cli, tmp.resolve("keys"));
    try (OpenSshServer sshd = OpenSshServer.start(tmp.resolve("sshd"))) {
      cli.env("SOURCE_SSH_KEY", sshd.clientKey().toString()).env("SOURCE_SSH_KNOWN_HOSTS", sshd.knownHosts().toString())
          .env("TARGET_SSH_KEY", sshd.clientKey().toString()).env("TARGET_SSH_KNOWN_HOSTS", sshd.knownHosts().toString());
      cli.run("create", "--source", sshd.url(sourceBare), "--output", tmp.resolve("out").toString(),
          "--sign-key", keys.secret().toString()).expect(0);
      CliRunner.Run restore = cli.run("restore", Fixtures.onlyArchive(tmp.resolve("out")).toString(),
          "--target", sshd.url(target), "--trust", keys.pub().toString()).expect(0);
      assertTrue(restore.out().contains("7 created"), restore.out());
    }
    assertEquals(CGit.refs(sourceBare), CGit.refs(target));
  }
}
