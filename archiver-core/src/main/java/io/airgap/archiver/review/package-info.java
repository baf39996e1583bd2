/**
 * The transfer review: what an archive brings relative to its base, as a model ({@code Review}) and a
 * self-contained HTML page. May import {@code policy} and every layer below it; not {@code create},
 * {@code restore} or {@code mirror}, its neighbours.
 */
package io.airgap.archiver.review;
