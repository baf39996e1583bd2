/**
 * Forges' REST APIs for fleets: the {@link io.airgap.archiver.forge.Forge} interface (list a
 * group's repositories, find, create, set the default branch), one class per forge (GitLab,
 * GitHub, Gitea/Forgejo, Bitbucket Data Center) over one small HTTP client, chosen by
 * {@link io.airgap.archiver.forge.Forges#of}. May import {@code internal}, {@code progress} and
 * {@code base}; not {@code git}, {@code signing} or {@code storage}.
 */
package io.airgap.archiver.forge;
