package io.airgap.archiver.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The CBC-based CFB gives exactly the JDK's own AES/CFB output, for any length and any split of the writes. */
class AesCfbOutputStreamTest {
  @Test
  void matchesTheJdksCfbMode_forEveryLengthAndWriteSplit() throws Exception {
    Random random = new Random(17);
    byte[] key = new byte[32];
    random.nextBytes(key);
    int[] lengths = {0, 1, 15, 16, 17, 31, 32, 33, 65_535, 65_536, 65_537, 200_003, 1 << 20};
    for (int length : lengths) {
      byte[] plain = new byte[length];
      random.nextBytes(plain);
      Cipher reference = Cipher.getInstance("AES/CFB/NoPadding");
      reference.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(new byte[16]));
      byte[] expected = reference.doFinal(plain);

      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (AesCfbOutputStream out = new AesCfbOutputStream(bytes, key)) {
        int off = 0;
        while (off < length) {
          int n = Math.min(length - off, 1 + random.nextInt(random.nextBoolean() ? 40 : 100_000));
          if (n == 1) {
            out.write(plain[off]);
          } else {
            out.write(plain, off, n);
          }
          if (random.nextInt(10) == 0) {
            out.flush();
          }
          off += n;
        }
      }
      assertArrayEquals(expected, bytes.toByteArray(), "length " + length);
    }
  }
}
