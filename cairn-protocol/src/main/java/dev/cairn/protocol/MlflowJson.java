package dev.cairn.protocol;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.model.RunStatus;
import dev.cairn.core.model.ViewType;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The codec for MLflow's protobuf-style JSON, the one place that decides how Cairn's wire records look:
 * snake_case names, int64 as JSON numbers, enums by name (proto numbers accepted on input), unset and
 * empty repeated fields omitted, {@code {}} for empty messages, non-finite doubles as protobuf renders
 * them ({@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}) and accepted as strings or bare tokens.
 * Unknown fields are ignored, as protobuf parsers do, so newer clients keep working.
 */
public final class MlflowJson {
    private static final ObjectMapper MAPPER = newMapper();

    /**
     * Writes into a caller's stream: leaves it open (the caller owns it) and does not flush it, so a
     * server can still send a small body with Content-Length and a large one as it is produced.
     */
    private static final ObjectWriter STREAM_WRITER = MAPPER.writer()
            .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
            .without(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM);

    /** Which wire fields of a message type are repeated; introspected once per type, not per request. */
    private static final ClassValue<Map<String, Boolean>> REPEATED_FIELDS = new ClassValue<>() {
        @Override
        protected Map<String, Boolean> computeValue(Class<?> type) {
            Map<String, Boolean> fields = new HashMap<>();
            for (BeanPropertyDefinition p : MAPPER.getDeserializationConfig().introspect(MAPPER.constructType(type))
                    .findProperties()) {
                fields.put(p.getName(), p.getPrimaryType().isCollectionLikeType());
            }
            return Map.copyOf(fields);
        }
    };

    private MlflowJson() {}

    /** The shared, fully configured mapper (thread-safe; do not reconfigure it). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** A fresh mapper with the wire configuration, for callers that need their own instance. */
    public static ObjectMapper newMapper() {
        return newMapper(true);
    }

    /** The wire mapper; without the hand-wired record serializers only to check them against databind. */
    static ObjectMapper newMapper(boolean wireSerializers) {
        SimpleModule enums = new SimpleModule("mlflow-enums");
        enums.addDeserializer(RunStatus.class, new ProtoEnumDeserializer<>(RunStatus.class));
        enums.addDeserializer(ViewType.class, new ProtoEnumDeserializer<>(ViewType.class));
        JsonMapper mapper = JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // protobuf refuses 1.5 for an int64 field rather than truncating it
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .enable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
                .addModule(enums)
                .build();
        if (wireSerializers) {
            mapper.registerModule(WireSerializers.module());
        }
        // protobuf JSON omits empty repeated fields; scalars are omitted only when unset (null)
        mapper.configOverride(List.class)
                .setInclude(JsonInclude.Value.construct(JsonInclude.Include.NON_EMPTY, JsonInclude.Include.NON_EMPTY));
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(100)
                .maxStringLength(20_000_000)
                .build());
        return mapper;
    }

    /** Decodes a request or response body; malformed JSON or wrong field types become a 400 error. */
    public static <T> T read(byte[] json, Class<T> type) {
        requireNonNull(json, "json is null");
        requireNonNull(type, "type is null");
        if (isBlank(json)) {
            return read("{}".getBytes(), type);
        }
        try {
            if (firstNonBlank(json) == '"') {
                // Old MLflow clients post the JSON document double-encoded as a JSON string; MLflow accepts it.
                return read(MAPPER.readValue(json, String.class).getBytes(java.nio.charset.StandardCharsets.UTF_8), type);
            }
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new CairnException(ErrorCode.MALFORMED_REQUEST, "Request body must be a JSON object, got null");
            }
            return value;
        } catch (JacksonException e) {
            throw translate(e);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.MALFORMED_REQUEST, "Could not read request body: " + e.getMessage(), e);
        }
    }

    public static <T> T read(InputStream json, Class<T> type) {
        requireNonNull(json, "json is null");
        try {
            return read(json.readAllBytes(), type);
        } catch (IOException e) {
            throw new CairnException(ErrorCode.MALFORMED_REQUEST, "Could not read request body: " + e.getMessage(), e);
        }
    }

    /** Converts an already parsed tree (e.g. built from query parameters) to a message. */
    public static <T> T fromTree(JsonNode tree, Class<T> type) {
        requireNonNull(tree, "tree is null");
        try {
            return MAPPER.treeToValue(tree, type);
        } catch (JacksonException e) {
            throw translate(e);
        }
    }

    /**
     * Decodes a GET request from its query parameters as MLflow's server does: a repeated field takes every
     * value of its repeated key, any other field the first value; unknown parameters are ignored.
     */
    public static <T> T fromQuery(Map<String, List<String>> query, Class<T> type) {
        requireNonNull(query, "query is null");
        requireNonNull(type, "type is null");
        Map<String, Boolean> fields = REPEATED_FIELDS.get(type);
        ObjectNode tree = MAPPER.createObjectNode();
        query.forEach((name, values) -> {
            Boolean repeated = fields.get(name);
            if (repeated == null || values == null || values.isEmpty()) {
                return;
            }
            if (repeated) {
                ArrayNode array = tree.putArray(name);
                values.forEach(array::add);
            } else {
                tree.put(name, values.get(0));
            }
        });
        return fromTree(tree, type);
    }

    /** The query parameters of a GET request message (the inverse of {@link #fromQuery}); unset fields are left out. */
    public static Map<String, List<String>> toQuery(Object message) {
        requireNonNull(message, "message is null");
        Map<String, List<String>> query = new LinkedHashMap<>();
        JsonNode tree = MAPPER.valueToTree(message);
        tree.properties().forEach(field -> {
            JsonNode value = field.getValue();
            List<String> values = new ArrayList<>();
            if (value.isArray()) {
                value.forEach(item -> values.add(item.asText()));
            } else if (!value.isNull()) {
                values.add(value.asText());
            }
            if (!values.isEmpty()) {
                query.put(field.getKey(), values);
            }
        });
        return query;
    }

    public static byte[] writeBytes(Object message) {
        requireNonNull(message, "message is null");
        try {
            return MAPPER.writeValueAsBytes(message);
        } catch (JacksonException e) {
            throw CairnException.internal("Could not encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * Encodes the message straight into {@code out} as it goes, never holding the whole body in memory
     * (a 100,000-point metric history is several megabytes). The stream is neither flushed nor closed.
     */
    public static void writeTo(OutputStream out, Object message) throws IOException {
        requireNonNull(out, "out is null");
        requireNonNull(message, "message is null");
        try {
            STREAM_WRITER.writeValue(out, message);
        } catch (JacksonException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw CairnException.internal("Could not encode " + message.getClass().getSimpleName(), e);
        }
    }

    public static String write(Object message) {
        requireNonNull(message, "message is null");
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JacksonException e) {
            throw CairnException.internal("Could not encode " + message.getClass().getSimpleName(), e);
        }
    }

    /** Jackson's errors name the field path; MLflow clients show the message, so keep it about the field. */
    static CairnException translate(JacksonException e) {
        if (e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
            String field = path(mismatch);
            String value = mismatch instanceof InvalidFormatException invalid ? " '" + invalid.getValue() + "'" : "";
            return new CairnException(ErrorCode.INVALID_PARAMETER_VALUE,
                    "Invalid value" + value + " for parameter '" + field + "' supplied: " + shortMessage(e));
        }
        if (e instanceof MismatchedInputException) {
            return new CairnException(ErrorCode.MALFORMED_REQUEST, "Request body must be a JSON object: " + shortMessage(e));
        }
        return new CairnException(ErrorCode.MALFORMED_REQUEST, "Malformed JSON in request body: " + shortMessage(e));
    }

    private static String path(MismatchedInputException e) {
        StringBuilder out = new StringBuilder();
        for (var ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                out.append('[').append(ref.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String shortMessage(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        // Jackson names our Java types; the wire user knows only field names
        int newline = message.indexOf('\n');
        message = newline >= 0 ? message.substring(0, newline) : message;
        return message.replaceAll("`[a-zA-Z0-9_.$]+\\.([A-Za-z0-9_$]+)`", "$1");
    }

    private static int firstNonBlank(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return b;
            }
        }
        return -1;
    }

    private static boolean isBlank(byte[] json) {
        for (byte b : json) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    /** Protobuf JSON enums: the value name, or its proto number (which counts from 1 for MLflow's enums). */
    static final class ProtoEnumDeserializer<E extends Enum<E>> extends JsonDeserializer<E> {
        private final Class<E> type;
        private final E[] constants;

        ProtoEnumDeserializer(Class<E> type) {
            this.type = type;
            this.constants = type.getEnumConstants();
        }

        @Override
        public E deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NUMBER_INT) {
                int number = p.getIntValue();
                if (number >= 1 && number <= constants.length) {
                    return constants[number - 1];
                }
                return fail(p, ctxt, String.valueOf(number));
            }
            if (token == JsonToken.VALUE_STRING) {
                String text = p.getText().trim();
                for (E constant : constants) {
                    if (constant.name().equals(text.toUpperCase(Locale.ROOT))) {
                        return constant;
                    }
                }
                if (!text.isEmpty() && text.chars().allMatch(Character::isDigit) && text.length() < 4) {
                    int number = Integer.parseInt(text);
                    if (number >= 1 && number <= constants.length) {
                        return constants[number - 1];
                    }
                }
                return fail(p, ctxt, text);
            }
            return (E) ctxt.handleUnexpectedToken(type, p);
        }

        private E fail(JsonParser p, DeserializationContext ctxt, String value) throws IOException {
            String allowed = java.util.Arrays.stream(constants).map(Enum::name).collect(Collectors.joining(", "));
            throw InvalidFormatException.from(p, "not one of " + allowed, value, type);
        }
    }
}
