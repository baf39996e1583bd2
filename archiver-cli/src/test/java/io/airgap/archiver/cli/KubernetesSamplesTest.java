package io.airgap.archiver.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * samples/kubernetes passes a schema check: no kubeconform or API server runs here, so each document
 * is validated against a JSON-schema subset of the Kubernetes API written from its reference
 * (kubernetes-subset.schema.json: Job, CronJob, Secret, ConfigMap), and the schema itself is shown
 * to reject the mistakes it is there for. Then the samples agree with each other and with the tool.
 * (json-schema-validator comes with CycloneDX on the runtime classpath.)
 */
class KubernetesSamplesTest {
  private static final YAMLMapper YAML = new YAMLMapper();
  private static final Path SAMPLES = Path.of(System.getProperty("basedir", ".")).toAbsolutePath()
      .getParent().resolve("samples/kubernetes");

  private static Schema schema;
  private static List<JsonNode> documents;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream in = KubernetesSamplesTest.class.getResourceAsStream("kubernetes-subset.schema.json")) {
      schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
    }
    documents = new ArrayList<>();
    try (Stream<Path> files = Files.list(SAMPLES)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
        YAML.readerFor(JsonNode.class).readValues(file.toFile()).forEachRemaining(d -> documents.add((JsonNode) d));
      }
    }
  }

  @Test
  void everyManifest_isValidAgainstTheKubernetesApiSubset() {
    assertTrue(documents.size() >= 5, "secret x2, configmap, job, cronjob: " + documents.size());
    Set<String> kinds = new HashSet<>();
    for (JsonNode doc : documents) {
      kinds.add(doc.path("kind").asText());
      List<Error> errors = schema.validate(doc);
      assertEquals(List.of(), errors.stream().map(e -> e.getInstanceLocation() + " " + e.getMessage()).toList(),
          doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText());
    }
    assertEquals(Set.of("Job", "CronJob", "Secret", "ConfigMap"), kinds);
  }

  @Test
  void schema_rejectsTheMistakesItIsFor() {
    JsonNode job = only("Job");
    JsonNode cron = only("CronJob");
    JsonNode secret = documents.stream().filter(d -> d.path("kind").asText().equals("Secret")).findFirst().orElseThrow();
    assertInvalid(job, d -> ((ObjectNode) d.get("spec")).put("completionMode", "indexed"), "completionMode enum");
    assertInvalid(job, d -> ((ObjectNode) d.get("spec")).remove("completions"), "Indexed needs completions");
    assertInvalid(job, d -> ((ObjectNode) d.at("/spec/template/spec")).put("restartPolicy", "Always"), "a Job's pods never restart Always");
    assertInvalid(job, d -> ((ObjectNode) d.at("/spec/template/spec")).remove("restartPolicy"), "restartPolicy required for Jobs");
    assertInvalid(job, d -> ((ObjectNode) d.get("spec")).put("parallelizm", 3), "unknown field");
    assertInvalid(job, d -> ((ObjectNode) d.get("spec")).put("completions", "8"), "completions is an integer");
    assertInvalid(job, d -> ((ObjectNode) d.at("/spec/template/spec")).set("containers", YAML.createArrayNode()), "a container");
    assertInvalid(job, d -> ((ObjectNode) d.at("/spec/template/spec/containers/0")).put("imagePullPolicy", "always"), "pull policy enum");
    assertInvalid(job, d -> ((ObjectNode) d.get("metadata")).put("name", "Archiver_Create"), "DNS subdomain name");
    assertInvalid(job, d -> ((ObjectNode) d).put("apiVersion", "batch/v1beta1"), "apiVersion");
    assertInvalid(cron, d -> ((ObjectNode) d.get("spec")).put("concurrencyPolicy", "forbid"), "concurrencyPolicy enum");
    assertInvalid(cron, d -> ((ObjectNode) d.get("spec")).remove("schedule"), "schedule required");
    assertInvalid(secret, d -> ((ObjectNode) d).putObject("data").put("token", "not base64!"), "data is base64");
    assertInvalid(secret, d -> ((ObjectNode) d.get("stringData")).put("bad key", "x"), "data key characters");
  }

  @Test
  void indexedJob_shardsByJobCompletionIndex_intoAsManyShardsAsCompletions() {
    JsonNode job = only("Job");
    assertEquals("Indexed", job.at("/spec/completionMode").asText());
    List<String> args = strings(job.at("/spec/template/spec/containers/0/args"));
    assertEquals("create", args.get(0));
    assertTrue(args.contains("--sources-file"), args.toString());
    String shard = args.get(args.indexOf("--shard") + 1);
    assertEquals("/" + job.at("/spec/completions").asInt(), shard, "--shard /N with N = completions");
    assertTrue(job.at("/spec/parallelism").asInt() <= job.at("/spec/completions").asInt());

    JsonNode cron = only("CronJob");
    List<String> mirror = strings(cron.at("/spec/jobTemplate/spec/template/spec/containers/0/args"));
    assertEquals(List.of("mirror", "run"), mirror.subList(0, 2));
    assertTrue(mirror.contains("--once"), mirror.toString());
  }

  @Test
  void credentials_comeFromSecrets_neverFromArguments_andEveryReferenceResolves() {
    Set<String> secrets = new HashSet<>();
    Set<String> configMaps = new HashSet<>();
    List<String> secretValues = new ArrayList<>();
    for (JsonNode doc : documents) {
      String name = doc.at("/metadata/name").asText();
      if (doc.path("kind").asText().equals("Secret")) {
        secrets.add(name);
        doc.path("stringData").forEach(v -> secretValues.add(v.asText().strip()));
      } else if (doc.path("kind").asText().equals("ConfigMap")) {
        configMaps.add(name);
      }
    }
    for (JsonNode workload : List.of(only("Job").at("/spec/template/spec"),
        only("CronJob").at("/spec/jobTemplate/spec/template/spec"))) {
      JsonNode container = workload.at("/containers/0");
      for (String arg : strings(container.get("args"))) {
        assertFalse(secretValues.stream().anyMatch(v -> !v.isEmpty() && arg.contains(v)), "a secret value in args: " + arg);
        assertFalse(arg.matches("(?i).*(token|password|passphrase)=.*"), arg);
      }
      container.path("envFrom").forEach(e -> assertTrue(secrets.contains(e.at("/secretRef/name").asText()), e.toString()));
      container.path("env").forEach(e -> {
        JsonNode ref = e.at("/valueFrom/secretKeyRef");
        if (!ref.isMissingNode()) {
          assertTrue(secrets.contains(ref.get("name").asText()), e.toString());
        }
      });
      workload.path("volumes").forEach(v -> {
        if (v.has("secret")) {
          assertTrue(secrets.contains(v.at("/secret/secretName").asText()), v.toString());
        }
        if (v.has("configMap")) {
          assertTrue(configMaps.contains(v.at("/configMap/name").asText()), v.toString());
        }
      });
    }
  }

  @Test
  void dockerfile_installsTheReleaseTarballOnASlimBase_andRunsAsNonRoot() throws Exception {
    String dockerfile = Files.readString(SAMPLES.resolve("Dockerfile"));
    assertTrue(dockerfile.lines().anyMatch(l -> l.matches("FROM \\S+-slim\\b.*")), dockerfile);
    assertTrue(dockerfile.contains("archiver-cli/target/archiver-*-linux-*.tar.gz"), "installs the release tarball");
    assertTrue(dockerfile.contains("USER 10001"), "non-root, as the manifests' runAsUser");
    assertTrue(dockerfile.contains("ENTRYPOINT [\"archiver\"]"));
    assertFalse(dockerfile.contains("openjdk") || dockerfile.contains("default-jre"), "the release brings its runtime");
  }

  private void assertInvalid(JsonNode valid, Consumer<JsonNode> edit, String what) {
    JsonNode copy = valid.deepCopy();
    edit.accept(copy);
    assertFalse(schema.validate(copy).isEmpty(), "the schema must reject: " + what);
  }

  private static JsonNode only(String kind) {
    List<JsonNode> found = documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    assertEquals(1, found.size(), kind);
    return found.get(0);
  }

  private static List<String> strings(JsonNode array) {
    List<String> out = new ArrayList<>();
    ((ArrayNode) array).forEach(n -> out.add(n.asText()));
    return out;
  }
}
