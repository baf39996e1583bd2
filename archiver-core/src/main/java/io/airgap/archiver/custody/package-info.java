/**
 * Chain of custody: approvals, clearsigned statements that a second person reviewed an exact archive file and let
 * it cross ({@code airgap-approval/1}), found beside archives and checked before a restore pushes anything. May
 * import {@code archive} and every layer below it; not {@code review}, {@code restore} or {@code create}.
 */
package io.airgap.archiver.custody;
