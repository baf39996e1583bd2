package io.airgap.archiver.signing;

/** Key material produced by keygen: both halves ASCII-armoured, and the primary key's upper-case hex fingerprint. */
public record GeneratedKeyPair(String armoredSecretKey, String armoredPublicKey, String fingerprint) {}
