/**
 * Chain of custody: clearsigned files a person reads and stock {@code gpg --verify} checks — approvals, statements
 * that a second person reviewed an exact archive file and let it cross ({@code airgap-approval/1}), checked before a
 * restore pushes anything; and receipts, what the air-gapped side's target holds after a restore
 * ({@code airgap-receipt/1}), on which the connected side bases the next incremental. May import {@code archive} and
 * every layer below it; not {@code review}, {@code restore} or {@code create} (api makes a restore's receipt and turns
 * a receipt into a create's base).
 */
package io.airgap.archiver.custody;
