package io.airgap.archiver.restore;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.airgap.archiver.base.InvalidRequestException;
import io.airgap.archiver.base.OperationFailedException;
import io.airgap.archiver.internal.AtomicFileWriter;
import io.airgap.archiver.internal.Json;
import io.airgap.archiver.manifest.Manifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a workspace holds: which source, which archives were applied in order, and the ref state
 * they left. Binds a workspace to one source so two repositories are never mixed.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record WorkspaceState(
    @JsonProperty("source_id") String sourceId,
    @JsonProperty("applied") List<String> applied,
    @JsonProperty("refs") SortedMap<String, String> refs,
    @JsonProperty("head") String head,
    @JsonProperty("newest_created_at") String newestCreatedAt,
    @JsonProperty("lfs") List<Manifest.LfsObject> lfs) {
  static final String FILE = "state.json";

  public WorkspaceState {
    applied = applied == null ? List.of() : List.copyOf(applied);
    refs = refs == null ? new TreeMap<>() : new TreeMap<>(refs);
    lfs = lfs == null ? List.of() : List.copyOf(lfs);
  }

  public static WorkspaceState load(Path workspace) throws OperationFailedException {
    Path file = workspace.resolve(FILE);
    if (!Files.exists(file)) {
      return new WorkspaceState(null, List.of(), null, null, null, null);
    }
    try {
      return Json.mapper().readValue(file.toFile(), WorkspaceState.class);
    } catch (IOException e) {
      throw new OperationFailedException("the workspace state " + file + " is unreadable (" + e.getMessage()
          + "); move the workspace away to start afresh", e);
    }
  }

  public boolean isEmpty() {
    return applied.isEmpty();
  }

  public String lastApplied() {
    return applied.isEmpty() ? null : applied.get(applied.size() - 1);
  }

  /** Refuses archives of another source. */
  public void requireSource(Path workspace, String archiveSourceId) throws InvalidRequestException {
    if (sourceId != null && archiveSourceId != null && !sourceId.equals(archiveSourceId)) {
      throw new InvalidRequestException("the workspace " + workspace + " holds source " + sourceId
          + ", but this archive is of source " + archiveSourceId + "; use another --workspace");
    }
  }

  /** The state after one more archive: its refs and head, and every LFS object the chain has carried. */
  public WorkspaceState withApplied(String archiveSourceId, String archiveId, SortedMap<String, String> newRefs,
      String newHead, String createdAt, List<Manifest.LfsObject> newLfs) {
    List<String> ids = new ArrayList<>(applied);
    ids.add(archiveId);
    Map<String, Manifest.LfsObject> objects = new TreeMap<>();
    lfs.forEach(o -> objects.put(o.oid(), o));
    newLfs.forEach(o -> objects.put(o.oid(), o));
    String newest = newestCreatedAt == null || createdAt.compareTo(newestCreatedAt) > 0 ? createdAt : newestCreatedAt;
    return new WorkspaceState(sourceId != null ? sourceId : archiveSourceId, ids, newRefs, newHead, newest,
        List.copyOf(objects.values()));
  }

  public void save(Path workspace) throws OperationFailedException {
    Path file = workspace.resolve(FILE);
    try (AtomicFileWriter out = AtomicFileWriter.open(file)) {
      out.stream().write(Json.prettyWriter().writeValueAsBytes(this));
      out.commitReplacing();
    } catch (IOException e) {
      throw new OperationFailedException("could not save the workspace state " + file + ": " + e.getMessage(), e);
    }
  }
}
