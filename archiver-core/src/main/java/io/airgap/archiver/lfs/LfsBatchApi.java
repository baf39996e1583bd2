package io.airgap.archiver.lfs;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/** The JSON documents of the Git LFS batch API (git-lfs {@code docs/api/batch.md}), basic transfer only. */
final class LfsBatchApi {
  static final String MEDIA_TYPE = "application/vnd.git-lfs+json";
  static final String DOWNLOAD = "download";
  static final String UPLOAD = "upload";
  static final String VERIFY = "verify";

  private LfsBatchApi() {}

  /** An object named in a request, or in a verify call. */
  record ObjectSpec(@JsonProperty("oid") String oid, @JsonProperty("size") long size) {}

  /** {@code POST <endpoint>/objects/batch}. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Request(
      @JsonProperty("operation") String operation,
      @JsonProperty("transfers") List<String> transfers,
      @JsonProperty("objects") List<ObjectSpec> objects,
      @JsonProperty("hash_algo") String hashAlgo) {
    static Request of(String operation, List<ObjectSpec> objects) {
      return new Request(operation, List.of("basic"), objects, "sha256");
    }
  }

  /** The server's answer: one entry per requested object. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Response(@JsonProperty("transfer") String transfer, @JsonProperty("objects") List<ObjectResult> objects) {}

  /** What to do with one object: actions to perform, none (nothing to do), or an error. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ObjectResult(
      @JsonProperty("oid") String oid,
      @JsonProperty("size") long size,
      @JsonProperty("actions") Map<String, Action> actions,
      @JsonProperty("error") ObjectError error) {
    Action action(String name) {
      return actions == null ? null : actions.get(name);
    }
  }

  /** A transfer to make: where, and with which extra headers (often short-lived credentials). */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record Action(@JsonProperty("href") String href, @JsonProperty("header") Map<String, String> header) {
    Map<String, String> headers() {
      return header == null ? Map.of() : header;
    }
  }

  /** A per-object refusal: 404 and 410 mean the server does not have the object. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ObjectError(@JsonProperty("code") int code, @JsonProperty("message") String message) {}

  /** A top-level error body. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  record ErrorBody(@JsonProperty("message") String message) {}
}
