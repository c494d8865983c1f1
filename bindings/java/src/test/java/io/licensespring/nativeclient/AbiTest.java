package io.licensespring.nativeclient;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import io.licensespring.nativeclient.LicenseSpring.Category;
import io.licensespring.nativeclient.LicenseSpring.Field;
import io.licensespring.nativeclient.LicenseSpring.HardwareIdAlgorithm;
import io.licensespring.nativeclient.LicenseSpring.Kind;
import io.licensespring.nativeclient.LicenseSpring.Operation;
import io.licensespring.nativeclient.LicenseSpring.Param;
import io.licensespring.nativeclient.LicenseSpring.Status;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The generated layer against the loaded library's own description (ls_abi_describe) and against
 * include/licensespring.h: every table row, every constant, every function and every struct.
 */
class AbiTest {
  private static JsonObject describe;
  private static String header;

  @BeforeAll
  static void read() throws IOException {
    describe = JsonParser.parseString(LicenseSpringLibrary.ls_abi_describe()).getAsJsonObject();
    header = Files.readString(Emulator.REPO.resolve("include/licensespring.h"));
  }

  private static String str(JsonObject row, String key) {
    JsonElement e = row.get(key);
    return e == null || e.isJsonNull() ? null : e.getAsString();
  }

  private static String cName(Object constant) {
    return constant == null ? null : (String) invoke(constant, "cName");
  }

  private static Object invoke(Object target, String method) {
    try {
      return target.getClass().getMethod(method).invoke(target);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * Compares a generated enum with a table of the description: the same rows (by C name), and in
   * each row the same value for every {@code column -> accessor} pair.
   */
  private static <E extends Enum<E>> void sameTable(
      String table, String nameKey, Class<E> type, Map<String, Function<E, Object>> columns) {
    Map<String, List<Object>> fromLibrary = new TreeMap<>();
    for (JsonElement e : describe.getAsJsonArray(table)) {
      JsonObject row = e.getAsJsonObject();
      List<Object> values = new ArrayList<>();
      for (String column : columns.keySet()) {
        JsonElement v = row.get(column);
        values.add(v == null || v.isJsonNull() ? null : v.getAsJsonPrimitive().isNumber() ? v.getAsLong() : v.getAsString());
      }
      fromLibrary.put(str(row, nameKey), values);
    }
    Map<String, List<Object>> generated = new TreeMap<>();
    for (E constant : type.getEnumConstants()) {
      List<Object> values = new ArrayList<>();
      for (Function<E, Object> column : columns.values()) {
        Object v = column.apply(constant);
        values.add(v instanceof Number ? (Object) ((Number) v).longValue() : v == null ? null : v.toString());
      }
      generated.put(cName(constant), values);
    }
    assertEquals(fromLibrary, generated, table);
    assertTrue(generated.size() > 0, table);
  }

  private static <K, V> Map<K, V> ordered(Object... pairs) {
    Map<K, V> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < pairs.length; i += 2) {
      @SuppressWarnings("unchecked")
      K k = (K) pairs[i];
      @SuppressWarnings("unchecked")
      V v = (V) pairs[i + 1];
      m.put(k, v);
    }
    return m;
  }

  @Test
  void theAbiVersionIsTheLibrarys() {
    assertEquals(describe.get("abi_version").getAsLong(), LicenseSpringLibrary.LS_ABI_VERSION);
    assertEquals(LicenseSpringLibrary.LS_ABI_VERSION, Client.abiVersion());
    assertEquals(str(describe, "library_version"), Client.libraryVersion());
    LinkageError e = assertThrows(LinkageError.class, () -> NativeLoader.checkAbi(99));
    assertTrue(e.getMessage().contains("ABI 99"), e.getMessage());
    assertTrue(e.getMessage().contains("expects ABI " + LicenseSpringLibrary.LS_ABI_VERSION), e.getMessage());
  }

  @Test
  void everyTableIsTheLibrarys() {
    sameTable("statuses", "name", Status.class, ordered(
        "value", (Function<Status, Object>) Status::value,
        "category", (Function<Status, Object>) s -> s.category().cName(),
        "server_code", (Function<Status, Object>) Status::serverCode,
        "description", (Function<Status, Object>) Status::description));
    sameTable("categories", "name", Category.class, ordered("value", (Function<Category, Object>) Category::value));
    sameTable("params", "name", Param.class, ordered(
        "value", (Function<Param, Object>) Param::value,
        "wire_name", (Function<Param, Object>) Param::wireName,
        "type", (Function<Param, Object>) Param::type,
        "secret", (Function<Param, Object>) Param::secret));
    sameTable("kinds", "c_name", Kind.class, ordered(
        "value", (Function<Kind, Object>) Kind::value,
        "name", (Function<Kind, Object>) Kind::kindName));
    sameTable("fields", "c_name", Field.class, ordered(
        "value", (Function<Field, Object>) Field::value,
        "kind", (Function<Field, Object>) f -> f.kind().cName(),
        "name", (Function<Field, Object>) Field::fieldName,
        "path", (Function<Field, Object>) Field::path,
        "type", (Function<Field, Object>) Field::type,
        "item_kind", (Function<Field, Object>) f -> cName(f.itemKind()),
        "required", (Function<Field, Object>) Field::required));
    sameTable("operations", "c_name", Operation.class, ordered(
        "value", (Function<Operation, Object>) Operation::value,
        "name", (Function<Operation, Object>) Operation::operationName,
        "method", (Function<Operation, Object>) Operation::method,
        "path", (Function<Operation, Object>) Operation::path,
        "result_kind", (Function<Operation, Object>) o -> cName(o.resultKind()),
        "scope", (Function<Operation, Object>) Operation::scope,
        "password_required", (Function<Operation, Object>) Operation::passwordRequired,
        "variables", (Function<Operation, Object>) Operation::variables,
        "signed", (Function<Operation, Object>) Operation::signed));
    for (JsonElement e : describe.getAsJsonArray("operations")) {
      JsonObject row = e.getAsJsonObject();
      Operation o = Operation.valueOf(str(row, "c_name").substring("LS_OP_".length()));
      for (String column : List.of("params", "required")) {
        List<String> want = new ArrayList<>();
        row.getAsJsonArray(column).forEach(p -> want.add(p.getAsString()));
        List<Param> got = column.equals("params") ? o.params() : o.required();
        assertEquals(want, got.stream().map(Param::cName).toList(), o + " " + column);
      }
    }
    sameTable("hardware_id_algorithms", "name", HardwareIdAlgorithm.class,
        ordered("value", (Function<HardwareIdAlgorithm, Object>) HardwareIdAlgorithm::value));
  }

  /** Every operation has its four methods on Client; every field its accessor; every param its setter. */
  @Test
  void everyRowHasItsMethods() throws NoSuchMethodException {
    for (Operation o : Operation.values()) {
      String name = lowerCamel(o.operationName());
      Class<?> gives = o.resultKind() == null ? void.class : resultClass(o.resultKind());
      assertEquals(gives, Client.class.getMethod(name, Request.class).getReturnType(), name);
      assertEquals(gives, Client.class.getMethod(name, Request.class, Cancel.class).getReturnType(), name);
      Client.class.getMethod(name + "Async", Request.class);
      Client.class.getMethod(name + "Async", Request.class, java.util.concurrent.Executor.class);
    }
    for (Field f : Field.values()) {
      Class<?> result = resultClass(f.kind());
      Method accessor = result.getMethod(lowerCamel(f.fieldName()));
      if (f.type().equals("object")) { // the nested result's class, or Optional of it
        Class<?> item = resultClass(f.itemKind());
        assertEquals(f.required() ? item : java.util.Optional.class, accessor.getReturnType(), f.cName());
      } else if (f.type().equals("list")) {
        assertEquals(List.class, accessor.getReturnType(), f.cName());
        // A kind that is a whole JSON list iterates over its items.
        assertEquals(f.path().isEmpty(), Iterable.class.isAssignableFrom(result), f.cName());
      }
    }
    for (Param p : Param.values()) {
      Class<?> type = Map.of("string", String.class, "int", long.class, "bool", boolean.class).get(p.type());
      Request.Builder.class.getMethod(lowerCamel(p.wireName()), type);
    }
  }

  private static Class<?> resultClass(Kind kind) {
    String name = camel(kind.kindName());
    return Arrays.stream(LicenseSpring.class.getClasses())
        .filter(c -> c.getSimpleName().equals(name)).findFirst().orElseThrow();
  }

  private static String camel(String snake) {
    StringBuilder b = new StringBuilder();
    for (String part : snake.split("_")) {
      b.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
    }
    return b.toString();
  }

  private static String lowerCamel(String snake) {
    String c = camel(snake);
    return Character.toLowerCase(c.charAt(0)) + c.substring(1);
  }

  @Test
  void structLayoutsAreTheLibrarys() {
    Map<String, Structure> ours =
        Map.of("ls_error", new LicenseSpringLibrary.LsError(), "ls_value", new LicenseSpringLibrary.LsValue(),
            "ls_store_state", new LicenseSpringLibrary.LsStoreState());
    JsonArray structs = describe.getAsJsonArray("structs");
    assertEquals(ours.size(), structs.size());
    for (JsonElement e : structs) {
      JsonObject layout = e.getAsJsonObject();
      Structure s = ours.get(str(layout, "name"));
      assertEquals(layout.get("size").getAsInt(), s.size(), str(layout, "name"));
      List<String> names = new ArrayList<>();
      for (JsonElement f : layout.getAsJsonArray("fields")) {
        JsonObject field = f.getAsJsonObject();
        names.add(str(field, "name"));
        int offset = offsetOf(s, str(field, "name"));
        assertEquals(field.get("offset").getAsInt(), offset, str(layout, "name") + "." + str(field, "name"));
      }
      assertEquals(names, List.of(s.getClass().getAnnotation(Structure.FieldOrder.class).value()));
    }
  }

  /** Each struct field's Java type is the one its C type maps to (a same-size swap included). */
  @Test
  void structFieldsMatchTheHeader() throws NoSuchFieldException {
    Map<String, Class<?>> types =
        Map.of("ls_status", int.class, "ls_value_type", int.class, "int32_t", int.class,
            "int64_t", long.class, "const char *", Pointer.class);
    Map<String, Class<?>> structs =
        Map.of("ls_error", LicenseSpringLibrary.LsError.class, "ls_value", LicenseSpringLibrary.LsValue.class,
            "ls_store_state", LicenseSpringLibrary.LsStoreState.class);
    Matcher body = Pattern.compile("typedef struct (ls_\\w+) \\{(.*?)\\}", Pattern.DOTALL).matcher(header);
    int seen = 0;
    while (body.find()) {
      Class<?> java = structs.get(body.group(1));
      List<String> fields = new ArrayList<>();
      for (String line : body.group(2).split("\n")) {
        Matcher f = Pattern.compile("^\\s*([^/].*?)\\s*\\b(\\w+);$").matcher(line);
        if (f.matches()) {
          fields.add(f.group(2));
          Class<?> want = types.get(normalise(f.group(1)));
          assertEquals(want, java.getField(f.group(2)).getType(), body.group(1) + "." + f.group(2));
        }
      }
      assertEquals(fields, List.of(java.getAnnotation(Structure.FieldOrder.class).value()));
      seen++;
    }
    assertEquals(structs.size(), seen);
  }

  /** The generated {@code offsetOf}: the offset JNA computed from the field types. */
  private static int offsetOf(Structure s, String field) {
    try {
      return (int) s.getClass().getMethod("offsetOf", String.class).invoke(s, field);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  // ---- the raw layer against the header ----

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
          Map.entry("size_t", long.class),
          Map.entry("double", double.class),
          Map.entry("bool", byte.class),
          Map.entry("void", void.class),
          Map.entry("const char *", String.class),
          Map.entry("char *", Pointer.class),
          Map.entry("char **", Pointer.class),
          Map.entry("const char **", Pointer.class));

  private static String normalise(String type) {
    return type.trim().replaceAll("\\s+", " ").replaceAll("\\s*\\*", " *").replace("* *", "**");
  }

  private static Class<?> javaType(String cType) {
    String t = normalise(cType);
    if (t.matches("^(?:const )?struct ls_[a-z_]+ \\*{1,2}$")) {
      return Pointer.class; // handles, structs to fill, out-parameters
    }
    Class<?> c = TYPES.get(t);
    if (c == null) {
      throw new AssertionError("no Java mapping for C type '" + t + "'");
    }
    return c;
  }

  @Test
  void functionsMatchTheHeader() {
    Map<String, Method> methods = new TreeMap<>();
    for (Method m : LicenseSpringLibrary.class.getDeclaredMethods()) {
      if (Modifier.isNative(m.getModifiers())) {
        methods.put(m.getName(), m);
      }
    }
    Matcher m = PROTOTYPE.matcher(header.replaceAll("\\n\\s+", " "));
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
      if (!method.getReturnType().equals(javaType(m.group(1)))) {
        problems.add(name + ": returns " + method.getReturnType() + ", header wants " + javaType(m.group(1)));
      }
      List<Class<?>> want = new ArrayList<>();
      String params = m.group(3).trim();
      if (!params.isEmpty() && !params.equals("void")) {
        for (String p : params.split(",")) {
          want.add(javaType(p.trim().replaceFirst("[A-Za-z_][A-Za-z0-9_]*$", "")));
        }
      }
      if (!Arrays.asList(method.getParameterTypes()).equals(want)) {
        problems.add(name + ": parameters " + Arrays.asList(method.getParameterTypes()) + ", header wants " + want);
      }
    }
    assertTrue(inHeader.size() > 40, "too few prototypes parsed: " + inHeader.size());
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
      long value = 1;
      for (String factor : d.group(2).replaceAll("[()]", "").split("\\*")) {
        value *= Long.parseLong(factor.trim());
      }
      inHeader.put(d.group(1), value);
    }
    assertTrue(inHeader.containsKey("LS_ERR_INTERNAL") && inHeader.containsKey("LS_PARAM_PRODUCT"));
    Map<String, Long> inJava = new TreeMap<>();
    for (java.lang.reflect.Field f : LicenseSpringLibrary.class.getDeclaredFields()) {
      if (Modifier.isStatic(f.getModifiers()) && f.getName().startsWith("LS_")) {
        inJava.put(f.getName(), ((Number) f.get(null)).longValue());
      }
    }
    assertEquals(inHeader, inJava);
    for (Status s : Status.values()) {
      assertEquals(inHeader.get(s.cName()), (long) s.value(), s.cName());
    }
    assertFalse(Objects.equals(Status.of(-5), Status.OK));
  }
}
