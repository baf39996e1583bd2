package io.airgap.archiver.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Counts agree with their nouns: "1 ref", "2 refs", "1 entry", "0 entries", "3 Git LFS objects". */
class PluralTest {
  @Test
  void one_isSingular_everythingElsePlural() {
    assertEquals("1 ref", Plural.of(1, "ref"));
    assertEquals("0 refs", Plural.of(0, "ref"));
    assertEquals("2 refs", Plural.of(2, "ref"));
    assertEquals("3 Git LFS objects", Plural.of(3, "Git LFS object"));
  }

  @Test
  void consonantY_becomesIes_andSibilantsTakeEs() {
    assertEquals("1 entry", Plural.of(1, "entry"));
    assertEquals("0 entries", Plural.of(0, "entry"));
    assertEquals("2 dependencies", Plural.of(2, "dependency"));
    assertEquals("2 keys", Plural.of(2, "key"));
    assertEquals("2 passes", Plural.of(2, "pass"));
    assertEquals("2 branches", Plural.of(2, "branch"));
    assertEquals("2 people", Plural.of(2, "person", "people"));
  }
}
