package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.ByteByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The raw layer must agree with include/licensespring.h: functions, argument types, constants. */
class HeaderTest {
  private static final Pattern PROTOTYPE =
      Pattern.compile(
          "^((?:const\\s+)?[A-Za-z_][A-Za-z0-9_]*(?:\\s*\\*)*)\\s*\\b(ls_[a-z0-9_]+)\\s*\\(([^)]*)\\)\\s*;",
          Pattern.MULTILINE);
  private static final Pattern ENUM_VALUE =
      Pattern.compile("^\\s*(LS_[A-Z0-9_]+)\\s*=\\s*(-?\\d+)\\s*,", Pattern.MULTILINE);
  private static final Pattern DEFINE =
      Pattern.compile("^#define\\s+(LS_[A-Z0-9_]+)\\s+(.+)$", Pattern.MULTILINE);

  /** C type (whitespace-normalised) to the Java type the raw layer must use. */
  private static final Map<String, Class<?>> TYPES =
      Map.ofEntries(
          Map.entry("ls_status", int.class),
          Map.entry("ls_category", int.class),
          Map.entry("int32_t", int.class),
          Map.entry("uint32_t", int.class),
          Map.entry("int64_t", long.class),
          Map.entry("bool", byte.class),
          Map.entry("size_t", SizeT.class),
          Map.entry("void", void.class),
          Map.entry("const char *", String.class),
          Map.entry("char *", Pointer.class),
          Map.entry("char **", PointerByReference.class),
          Map.entry("const char **", PointerByReference.class),
          Map.entry("int64_t *", LongByReference.class),
          Map.entry("bool *", ByteByReference.class),
          Map.entry("size_t *", SizeT.ByReference.class));

  private static String header;

  @BeforeAll
  static void readHeader() throws IOException {
    header = Files.readString(Emulator.REPO.resolve("include/licensespring.h"));
  }

  private static String normalise(String type) {
    return type.trim().replaceAll("\\s+", " ").replaceAll("\\s*\\*", " *").replace("* *", "**");
  }

  /** The Java type for a C type; handles (ls_client etc.) are pointers. */
  private static Class<?> javaType(String cType) {
    String t = normalise(cType);
    Matcher handle = Pattern.compile("^(?:const )?ls_[a-z_]+ (\\*+)$").matcher(t);
    if (handle.matches()) {
      return handle.group(1).length() == 1 ? Pointer.class : PointerByReference.class;
    }
    Class<?> c = TYPES.get(t);
    if (c == null) {
      throw new AssertionError("no Java mapping for C type '" + t + "'");
    }
    return c;
  }

  private static String paramType(String param) {
    // "const ls_client *client" -> "const ls_client *"; "size_t index" -> "size_t"
    Matcher m = Pattern.compile("^(.*?)([A-Za-z_][A-Za-z0-9_]*)$").matcher(param.trim());
    assertTrue(m.matches(), "cannot parse parameter '" + param + "'");
    return m.group(1);
  }

  @Test
  void functionsMatchTheHeader() {
    Map<String, Method> methods = new TreeMap<>();
    for (Method m : LicenseSpringLibrary.class.getDeclaredMethods()) {
      methods.put(m.getName(), m);
    }
    Matcher m = PROTOTYPE.matcher(header);
    TreeSet<String> inHeader = new TreeSet<>();
    List<String> problems = new ArrayList<>();
    while (m.find()) {
      String name = m.group(2);
      inHeader.add(name);
      Method method = methods.get(name);
      if (method == null) {
        problems.add(name + ": missing from LicenseSpringLibrary");
        continue;
      }
      Class<?> ret = javaType(m.group(1));
      if (!method.getReturnType().equals(ret)) {
        problems.add(name + ": returns " + method.getReturnType() + ", header wants " + ret);
      }
      String params = m.group(3).trim();
      List<Class<?>> want = new ArrayList<>();
      if (!params.isEmpty() && !params.equals("void")) {
        for (String p : params.split(",")) {
          want.add(javaType(paramType(p)));
        }
      }
      List<Class<?>> have = Arrays.asList(method.getParameterTypes());
      if (!have.equals(want)) {
        problems.add(name + ": parameters " + have + ", header wants " + want);
      }
    }
    assertTrue(inHeader.size() > 50, "too few prototypes parsed: " + inHeader.size());
    for (String name : methods.keySet()) {
      if (!inHeader.contains(name)) {
        problems.add(name + ": in LicenseSpringLibrary but not in the header");
      }
    }
    assertEquals(List.of(), problems);
  }

  @Test
  void constantsMatchTheHeader() throws IllegalAccessException {
    Map<String, Long> inHeader = new TreeMap<>();
    Matcher m = ENUM_VALUE.matcher(header);
    while (m.find()) {
      inHeader.put(m.group(1), Long.parseLong(m.group(2)));
    }
    Matcher d = DEFINE.matcher(header);
    while (d.find()) {
      String expr = d.group(2).replaceAll("[()]", "").trim();
      long value = 1;
      for (String factor : expr.split("\\*")) {
        value *= Long.parseLong(factor.trim());
      }
      inHeader.put(d.group(1), value);
    }
    assertTrue(inHeader.containsKey("LS_ERR_INTERNAL") && inHeader.containsKey("LS_FIELD_PRODUCT"));
    assertTrue(inHeader.containsKey("LS_ABI_VERSION"));

    Map<String, Long> inJava = new TreeMap<>();
    for (Field f : LicenseSpringLibrary.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("LS_")) {
        inJava.put(f.getName(), ((Number) f.get(null)).longValue());
      }
    }
    List<String> problems = new ArrayList<>();
    for (String name : new TreeSet<>(union(inHeader.keySet(), inJava.keySet()))) {
      Long h = inHeader.get(name);
      Long j = inJava.get(name);
      if (!Objects.equals(h, j)) {
        problems.add(name + ": header " + h + ", LicenseSpringLibrary " + j);
      }
    }
    assertEquals(List.of(), problems);
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> all = new TreeSet<>(a);
    all.addAll(b);
    return all;
  }

  @Test
  void enumsMatchTheRawConstantsAndTheLibrary() {
    for (Category c : Category.values()) {
      assertEquals(c, Category.fromCode(c.code()));
    }
    assertEquals(
        inHeaderWithPrefix("LS_CATEGORY_").size(), Category.values().length, "category count");
    assertEquals(inHeaderWithPrefix("LS_FIELD_").size(), RequestField.values().length);
    for (RequestField f : RequestField.values()) {
      assertEquals(f.name().toLowerCase(), f.wireName());
    }
    for (Map.Entry<String, Long> e : inHeaderWithPrefix("LS_ERR_").entrySet()) {
      assertEquals(e.getKey(), LicenseSpring.statusName(e.getValue().intValue()));
    }
  }

  private static Map<String, Long> inHeaderWithPrefix(String prefix) {
    Map<String, Long> out = new TreeMap<>();
    Matcher m = ENUM_VALUE.matcher(header);
    while (m.find()) {
      if (m.group(1).startsWith(prefix)) {
        out.put(m.group(1), Long.parseLong(m.group(2)));
      }
    }
    return out;
  }

  @Test
  void libraryLoadsWithTheExpectedAbi() {
    assertEquals(LicenseSpringLibrary.LS_ABI_VERSION, LicenseSpring.abiVersion());
    assertFalse(LicenseSpring.version().isEmpty());
    LinkageError e = assertThrows(LinkageError.class, () -> NativeLoader.checkAbi(2));
    assertTrue(e.getMessage().contains("ABI 2"), e.getMessage());
    assertTrue(e.getMessage().contains("expects ABI 1"), e.getMessage());
  }
}
