package io.airgap.archiver.deps.maven;

import io.airgap.archiver.deps.DetectedManifest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The core extensions a build loads from {@code .mvn/extensions.xml} beside its top POM: Maven
 * resolves them (with their dependencies) before it reads any POM, so offline they must already be
 * in the local repository.
 */
final class CoreExtensions {
  static final String FILE = ".mvn/extensions.xml";

  /** One extension's coordinates and the file that names it. */
  record Extension(String groupId, String artifactId, String version, String label) {
    String coordinates() {
      return groupId + ":" + artifactId + ":" + version;
    }
  }

  private CoreExtensions() {}

  static List<Extension> of(List<DetectedManifest> detected, List<String> warnings) throws IOException {
    List<Extension> out = new ArrayList<>();
    for (DetectedManifest m : detected) {
      String dir = m.path().contains("/") ? m.path().substring(0, m.path().lastIndexOf('/') + 1) : "";
      if (!m.tree().exists(dir + FILE)) {
        continue;
      }
      String label = m.tree().label(dir + FILE);
      NodeList nodes;
      try {
        nodes = parse(m.tree().read(dir + FILE)).getElementsByTagName("extension");
      } catch (SAXException | ParserConfigurationException e) {
        warnings.add(label + ": not readable XML (" + e.getMessage() + "); its extensions were not vendored");
        continue;
      }
      for (int i = 0; i < nodes.getLength(); i++) {
        Element e = (Element) nodes.item(i);
        String g = text(e, "groupId");
        String a = text(e, "artifactId");
        String v = text(e, "version");
        if (g == null || a == null || v == null || v.contains("${")) {
          warnings.add(label + ": an extension without plain groupId, artifactId and version was not vendored");
          continue;
        }
        out.add(new Extension(g, a, v, label));
      }
    }
    return out;
  }

  private static Document parse(byte[] xml) throws ParserConfigurationException, SAXException, IOException {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setExpandEntityReferences(false);
    return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
  }

  private static String text(Element parent, String tag) {
    NodeList n = parent.getElementsByTagName(tag);
    return n.getLength() == 0 ? null : n.item(0).getTextContent().trim();
  }
}
