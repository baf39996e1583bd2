package io.airgap.archiver.publish.maven;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.eclipse.aether.util.version.GenericVersionScheme;
import org.eclipse.aether.version.InvalidVersionSpecificationException;
import org.eclipse.aether.version.VersionScheme;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An artifact's {@code maven-metadata.xml} (the list of its versions clients read for ranges,
 * {@code LATEST} and {@code RELEASE}): read from the registry strictly (no DTD, no entities), merged
 * with the versions an archive carries, and written as {@code mvn deploy} writes it, versions in
 * Maven's order.
 */
final class MavenMetadata {
  private static final VersionScheme VERSIONS = new GenericVersionScheme();
  private static final DateTimeFormatter LAST_UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

  private MavenMetadata() {}

  /** The versions a registry's metadata lists; throws when it is not such a document for this artifact. */
  static Set<String> versions(byte[] xml, String groupId, String artifactId) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setXIncludeAware(false);
    f.setExpandEntityReferences(false);
    Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    Element root = doc.getDocumentElement();
    if (!"metadata".equals(root.getLocalName() == null ? root.getNodeName() : root.getLocalName())) {
      throw new IllegalArgumentException("its root element is not <metadata>");
    }
    String g = text(root, "groupId");
    String a = text(root, "artifactId");
    if (g != null && !g.equals(groupId) || a != null && !a.equals(artifactId)) {
      throw new IllegalArgumentException("it describes " + g + ":" + a);
    }
    Set<String> out = new LinkedHashSet<>();
    NodeList versions = root.getElementsByTagName("version");
    for (int i = 0; i < versions.getLength(); i++) {
      if (versions.item(i).getParentNode().getNodeName().equals("versions")) {
        out.add(versions.item(i).getTextContent().strip());
      }
    }
    return out;
  }

  private static String text(Element root, String name) {
    NodeList list = root.getChildNodes();
    for (int i = 0; i < list.getLength(); i++) {
      if (name.equals(list.item(i).getNodeName())) {
        return list.item(i).getTextContent().strip();
      }
    }
    return null;
  }

  /** The metadata document listing {@code versions}. */
  static byte[] write(String groupId, String artifactId, Collection<String> versions) {
    List<String> sorted = new ArrayList<>(versions);
    sorted.sort(Comparator.comparing(MavenMetadata::parse));
    String latest = sorted.get(sorted.size() - 1);
    String release = null;
    for (String v : sorted) {
      if (!v.endsWith("-SNAPSHOT")) {
        release = v;
      }
    }
    StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
        .append("  <groupId>").append(escape(groupId)).append("</groupId>\n")
        .append("  <artifactId>").append(escape(artifactId)).append("</artifactId>\n")
        .append("  <versioning>\n    <latest>").append(escape(latest)).append("</latest>\n");
    if (release != null) {
      x.append("    <release>").append(escape(release)).append("</release>\n");
    }
    x.append("    <versions>\n");
    sorted.forEach(v -> x.append("      <version>").append(escape(v)).append("</version>\n"));
    x.append("    </versions>\n    <lastUpdated>").append(LAST_UPDATED.format(ZonedDateTime.now(ZoneOffset.UTC)))
        .append("</lastUpdated>\n  </versioning>\n</metadata>\n");
    return x.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static org.eclipse.aether.version.Version parse(String v) {
    try {
      return VERSIONS.parseVersion(v);
    } catch (InvalidVersionSpecificationException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
