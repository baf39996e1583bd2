package io.airgap.archiver.deps.python;

import io.airgap.archiver.internal.Redaction;
import com.fasterxml.jackson.databind.JsonNode;
import io.airgap.archiver.deps.Downloader;
import io.airgap.archiver.deps.FetchException;
import io.airgap.archiver.deps.Registry;
import io.airgap.archiver.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A PEP 503/691 simple repository: asks for a project's JSON page (PEP 691) and falls back to the
 * HTML one (PEP 503), returning the files it lists with their declared SHA-256.
 */
final class SimpleIndex {
  private static final String ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1";
  private static final Pattern ANCHOR = Pattern.compile("<a\\s([^>]*)>([^<]*)</a>", Pattern.CASE_INSENSITIVE);
  private static final Pattern HREF = Pattern.compile("href\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);

  private final Registry registry;
  private final Downloader downloader;

  SimpleIndex(Registry registry, Downloader downloader) {
    this.registry = registry;
    this.downloader = downloader;
  }

  List<IndexFile> files(String project) throws FetchException {
    URI page = registry.resolve(PythonRequirement.normalize(project) + "/");
    Downloader.Document doc = downloader.get(registry, page, ACCEPT, "python " + project + " (index page)");
    try {
      return doc.contentType().contains("json") ? fromJson(doc) : fromHtml(doc);
    } catch (IOException | IllegalArgumentException e) {
      throw new FetchException("python " + project, "the index page " + Redaction.url(doc.uri())
          + " cannot be read: " + e.getMessage(), false);
    }
  }

  private static List<IndexFile> fromJson(Downloader.Document doc) throws IOException {
    List<IndexFile> out = new ArrayList<>();
    for (JsonNode f : Json.mapper().readTree(doc.body()).path("files")) {
      String sha = f.path("hashes").path("sha256").asText(null);
      out.add(new IndexFile(f.path("filename").asText(), doc.uri().resolve(f.path("url").asText()), sha));
    }
    return out;
  }

  private static List<IndexFile> fromHtml(Downloader.Document doc) {
    List<IndexFile> out = new ArrayList<>();
    Matcher a = ANCHOR.matcher(new String(doc.body(), StandardCharsets.UTF_8));
    while (a.find()) {
      Matcher href = HREF.matcher(a.group(1));
      if (!href.find()) {
        continue;
      }
      String link = unescape(href.group(1) != null ? href.group(1) : href.group(2));
      String sha = null;
      int hash = link.indexOf('#');
      if (hash >= 0) {
        String fragment = link.substring(hash + 1);
        if (fragment.startsWith("sha256=")) {
          sha = fragment.substring(7);
        }
        link = link.substring(0, hash);
      }
      URI url = doc.uri().resolve(link);
      String path = url.getPath();
      out.add(new IndexFile(path.substring(path.lastIndexOf('/') + 1), url, sha));
    }
    return out;
  }

  private static String unescape(String s) {
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
  }
}
