package io.airgap.archiver.api;

import java.nio.file.Path;

/** The key files {@code keygen} wrote. */
public record KeygenResult(Path secretKey, Path publicKey, String fingerprint, boolean passphraseProtected) {}
