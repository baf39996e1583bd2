package io.airgap.archiver.deps;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.cyclonedx.Version;
import org.cyclonedx.exception.GeneratorException;
import org.cyclonedx.generators.BomGeneratorFactory;
import org.cyclonedx.model.Bom;
import org.cyclonedx.model.Component;
import org.cyclonedx.model.Hash;
import org.cyclonedx.model.License;
import org.cyclonedx.model.LicenseChoice;
import org.cyclonedx.model.Metadata;
import org.cyclonedx.model.Property;
import org.cyclonedx.util.LicenseResolver;

/**
 * Writes {@code dependencies/sbom.cdx.json}: a CycloneDX 1.6 SBOM with one component per vendored
 * package URL, its hashes, the licences its metadata declares ({@link Licenses}) and the archive
 * paths of its files. Deterministic: components sorted,
 * the timestamp is the archive's, the serial number is derived from the content.
 */
public final class SbomWriter {
  public static final String ENTRY = "dependencies/sbom.cdx.json";

  private SbomWriter() {}

  /** @param declared each package URL's declared licences ({@link Licenses#declaredByPurl}) */
  static byte[] write(List<VendoredFile> files, Map<String, List<String>> declared, String sourceName,
      Instant createdAt) {
    Map<String, List<VendoredFile>> byPurl = new TreeMap<>();
    for (VendoredFile f : files) {
      byPurl.computeIfAbsent(f.purl(), k -> new ArrayList<>()).add(f);
    }
    List<Component> components = new ArrayList<>();
    StringBuilder identity = new StringBuilder(sourceName).append('\n');
    for (Map.Entry<String, List<VendoredFile>> e : byPurl.entrySet()) {
      components.add(component(e.getKey(), e.getValue(), declared.getOrDefault(e.getKey(), List.of())));
      identity.append(e.getKey()).append('\n');
      e.getValue().forEach(f -> identity.append(f.sha256()).append(' ').append(f.path()).append('\n'));
    }
    Bom bom = new Bom();
    bom.setSerialNumber("urn:uuid:" + UUID.nameUUIDFromBytes(identity.toString().getBytes(StandardCharsets.UTF_8)));
    Metadata metadata = new Metadata();
    metadata.setTimestamp(Date.from(createdAt));
    Component subject = new Component();
    subject.setType(Component.Type.APPLICATION);
    subject.setName(sourceName);
    subject.setBomRef("source:" + sourceName);
    metadata.setComponent(subject);
    bom.setMetadata(metadata);
    bom.setComponents(components);
    try {
      String json = BomGeneratorFactory.createJson(Version.VERSION_16, bom).toJsonString();
      return (json.endsWith("\n") ? json : json + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (GeneratorException e) {
      throw new IllegalStateException("cannot write the SBOM: " + e.getMessage(), e);
    }
  }

  private static Component component(String purl, List<VendoredFile> files, List<String> declared) {
    VendoredFile main = files.stream().filter(VendoredFile::primary).findFirst().orElse(files.get(0));
    Component c = new Component();
    c.setType(Component.Type.LIBRARY);
    try {
      PackageURL p = new PackageURL(purl);
      c.setGroup(p.getNamespace());
      c.setName(p.getName());
    } catch (MalformedPackageURLException e) {
      c.setName(main.name());
    }
    c.setVersion(main.version());
    c.setPurl(purl);
    c.setBomRef(purl);
    List<Hash> hashes = new ArrayList<>();
    hashes.add(new Hash(Hash.Algorithm.SHA_256, main.sha256()));
    for (ExpectedDigest d : ExpectedDigest.ofIntegrity(main.integrity())) {
      Hash.Algorithm algorithm = switch (d.algorithm()) {
        case "SHA-1" -> Hash.Algorithm.SHA1;
        case "SHA-384" -> Hash.Algorithm.SHA_384;
        case "SHA-512" -> Hash.Algorithm.SHA_512;
        default -> null;
      };
      if (algorithm != null) {
        hashes.add(new Hash(algorithm, d.hex()));
      }
    }
    c.setHashes(hashes);
    LicenseChoice licenses = licenses(declared);
    if (licenses != null) {
      c.setLicenses(licenses);
    }
    List<Property> properties = new ArrayList<>();
    files.stream().map(VendoredFile::entryName).sorted().forEach(path -> {
      Property p = new Property();
      p.setName("airgap:archive-path");
      p.setValue(path);
      properties.add(p);
    });
    if (main.requested() != null) {
      Property p = new Property();
      p.setName("airgap:requested");
      p.setValue(main.requested());
      properties.add(p);
    }
    c.setProperties(properties);
    return c;
  }

  /** SPDX ids where the declared text names one (as CycloneDX's resolver maps them), else the text as a name. */
  private static LicenseChoice licenses(List<String> declared) {
    if (declared.isEmpty()) {
      return null;
    }
    LicenseChoice choice = new LicenseChoice();
    for (String text : declared.stream().distinct().toList()) {
      LicenseChoice resolved = LicenseResolver.resolve(text);
      if (resolved != null && resolved.getLicenses() != null && !resolved.getLicenses().isEmpty()) {
        resolved.getLicenses().forEach(choice::addLicense);
      } else {
        License license = new License();
        license.setName(text);
        choice.addLicense(license);
      }
    }
    return choice;
  }
}
