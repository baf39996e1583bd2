package io.airgap.archiver.manifest;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An SPDX licence expression ({@code MIT}, {@code (MIT OR Apache-2.0)}, {@code GPL-2.0-only WITH
 * Classpath-exception-2.0}) as the manifest's {@code license} field holds it: parsed once, so the
 * side that writes it and every side that enforces a licence policy read it the same way.
 */
public final class LicenseExpression {
  private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z0-9.+:-]+)");
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9.+:-]+");
  /** The GNU ids SPDX deprecated: {@code GPL-3.0} is {@code GPL-3.0-only}, {@code GPL-3.0+} is {@code -or-later}. */
  private static final Pattern DEPRECATED_GNU = Pattern.compile("((?:A|L)?GPL|GFDL)-(\\d\\.\\d)(\\+)?",
      Pattern.CASE_INSENSITIVE);

  private sealed interface Node permits Leaf, Op {}

  private record Leaf(String id, String exception) implements Node {}

  private record Op(boolean and, Node left, Node right) implements Node {}

  private final Node root;

  private LicenseExpression(Node root) {
    this.root = root;
  }

  /** The expression, or null when {@code text} is not one (a licence's name, a URL). */
  public static LicenseExpression parseOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    List<String> tokens = new ArrayList<>();
    Matcher m = TOKEN.matcher(text);
    int at = 0;
    while (at < text.length() && m.find(at) && m.start() == at) {
      tokens.add(m.group(1));
      at = m.end();
    }
    if (!text.substring(at).isBlank()) {
      return null;
    }
    Parser p = new Parser(tokens);
    Node node = p.or();
    return node == null || p.at != tokens.size() ? null : new LicenseExpression(node);
  }

  /** The SPDX id for an id-shaped token: deprecated GNU ids as their {@code -only}/{@code -or-later} forms. */
  public static String canonicalId(String id) {
    Matcher gnu = DEPRECATED_GNU.matcher(id);
    if (gnu.matches()) {
      return gnu.group(1) + "-" + gnu.group(2) + (gnu.group(3) == null ? "-only" : "-or-later");
    }
    return id;
  }

  /** Several expressions a package declares (a POM's licences, old npm {@code licenses}) as one choice between them. */
  public static LicenseExpression anyOf(List<LicenseExpression> choices) {
    Node node = null;
    for (LicenseExpression e : choices) {
      node = node == null ? e.root : new Op(false, node, e.root);
    }
    return node == null ? null : new LicenseExpression(node);
  }

  /** The same expression with each licence id replaced by {@code resolve}'s answer; null when one has none. */
  public LicenseExpression resolveIds(UnaryOperator<String> resolve) {
    Node node = resolve(root, resolve);
    return node == null ? null : new LicenseExpression(node);
  }

  private static Node resolve(Node n, UnaryOperator<String> resolve) {
    if (n instanceof Leaf leaf) {
      String id = resolve.apply(leaf.id());
      return id == null ? null : new Leaf(canonicalId(id), leaf.exception());
    }
    Op op = (Op) n;
    Node left = resolve(op.left(), resolve);
    Node right = left == null ? null : resolve(op.right(), resolve);
    return right == null ? null : new Op(op.and(), left, right);
  }

  /** The licence ids it names, lower case (for allow/deny lists, which are compared lower case). */
  public Set<String> ids() {
    Set<String> out = new LinkedHashSet<>();
    collect(root, out);
    return out;
  }

  /** Whether some choice the expression offers uses only licences {@code acceptable} accepts (given lower case). */
  public boolean satisfiable(Predicate<String> acceptable) {
    return satisfiable(root, acceptable);
  }

  private static boolean satisfiable(Node n, Predicate<String> acceptable) {
    if (n instanceof Leaf leaf) {
      return acceptable.test(leaf.id().toLowerCase(Locale.ROOT));
    }
    Op op = (Op) n;
    return op.and() ? satisfiable(op.left(), acceptable) && satisfiable(op.right(), acceptable)
        : satisfiable(op.left(), acceptable) || satisfiable(op.right(), acceptable);
  }

  private static void collect(Node n, Set<String> out) {
    if (n instanceof Leaf leaf) {
      out.add(leaf.id().toLowerCase(Locale.ROOT));
    } else if (n instanceof Op op) {
      collect(op.left(), out);
      collect(op.right(), out);
    }
  }

  /** The normalised text: operators upper case, compound operands of another operator in parentheses. */
  @Override
  public String toString() {
    return text(root, null);
  }

  private static String text(Node n, Op parent) {
    if (n instanceof Leaf leaf) {
      return leaf.exception() == null ? leaf.id() : leaf.id() + " WITH " + leaf.exception();
    }
    Op op = (Op) n;
    String s = text(op.left(), op) + (op.and() ? " AND " : " OR ") + text(op.right(), op);
    return parent == null || parent.and() == op.and() ? s : "(" + s + ")";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LicenseExpression e && e.toString().equals(toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** Recursive descent, SPDX precedence: WITH binds tighter than AND, AND tighter than OR. */
  private static final class Parser {
    private final List<String> tokens;
    private int at;

    Parser(List<String> tokens) {
      this.tokens = tokens;
    }

    Node or() {
      return chain("OR", false, this::and);
    }

    Node and() {
      return chain("AND", true, this::operand);
    }

    /** {@code next (keyword next)*}, left to right. */
    private Node chain(String keyword, boolean and, java.util.function.Supplier<Node> next) {
      Node left = next.get();
      while (left != null && keyword(keyword)) {
        Node right = next.get();
        left = right == null ? null : new Op(and, left, right);
      }
      return left;
    }

    Node operand() {
      if (at >= tokens.size()) {
        return null;
      }
      String t = tokens.get(at++);
      if (t.equals("(")) {
        Node inner = or();
        return inner != null && at < tokens.size() && tokens.get(at++).equals(")") ? inner : null;
      }
      if (!ID.matcher(t).matches() || isKeyword(t)) {
        return null;
      }
      String exception = null;
      if (keyword("WITH")) {
        if (at >= tokens.size() || !ID.matcher(tokens.get(at)).matches() || isKeyword(tokens.get(at))) {
          return null;
        }
        exception = tokens.get(at++);
      }
      return new Leaf(canonicalId(t), exception);
    }

    private boolean keyword(String k) {
      if (at < tokens.size() && tokens.get(at).equalsIgnoreCase(k)) {
        at++;
        return true;
      }
      return false;
    }

    private static boolean isKeyword(String t) {
      return t.equalsIgnoreCase("AND") || t.equalsIgnoreCase("OR") || t.equalsIgnoreCase("WITH");
    }
  }
}
