package dev.pds.core.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The JSON form of the data model: links as {@code {"$link": "<cid>"}}, bytes as
 * {@code {"$bytes": "<base64, no padding>"}}, blobs as typed {@code $type: "blob"} objects.
 * Reading refuses what the data model forbids: floats, duplicate keys, malformed special
 * objects, bad {@code $type} values.
 */
public final class DataJson {
    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final BigDecimal MAX_SAFE = BigDecimal.valueOf((1L << 53) - 1);

    private DataJson() {
    }

    // ---- reading -----------------------------------------------------------------------

    /** Parses a JSON object (a record or other data object) under {@link DecodeLimits#DEFAULT}. */
    public static DataMap readObject(byte[] json) {
        return readObject(json, DecodeLimits.DEFAULT);
    }

    public static DataMap readObject(String json) {
        return readObject(Utf8.encode(json), DecodeLimits.DEFAULT);
    }

    public static DataMap readObject(byte[] json, DecodeLimits limits) {
        DataValue v = read(json, limits);
        if (!(v instanceof DataMap m)) {
            throw new DataModelException("data must be a JSON object at the top level");
        }
        return m;
    }

    /** Parses any JSON value into the data model. */
    public static DataValue read(byte[] json, DecodeLimits limits) {
        if (json.length > limits.maxBytes()) {
            throw new DataModelException("JSON input of " + json.length + " bytes is over the limit of " + limits.maxBytes());
        }
        try (JsonParser p = JSON.createParser(json)) {
            Reader r = new Reader(p, limits);
            if (p.nextToken() == null) {
                throw new DataModelException("JSON input is empty");
            }
            DataValue v = r.value(1);
            if (p.nextToken() != null) {
                throw new DataModelException("trailing content after the JSON value");
            }
            return v;
        } catch (JsonProcessingException e) {
            throw new DataModelException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static DataValue read(String json) {
        return read(Utf8.encode(json), DecodeLimits.DEFAULT);
    }

    /** Converts a Jackson tree (already parsed, so duplicate keys are gone) into the data model. */
    public static DataValue fromJsonNode(JsonNode node) {
        return fromNode(node, 1, DecodeLimits.DEFAULT.maxDepth());
    }

    private static DataValue fromNode(JsonNode n, int depth, int maxDepth) {
        switch (n.getNodeType()) {
            case NULL:
                return DataNull.INSTANCE;
            case BOOLEAN:
                return DataBool.of(n.booleanValue());
            case STRING:
                return string(n.textValue());
            case NUMBER:
                if (n.isIntegralNumber()) {
                    if (!n.canConvertToLong()) {
                        throw new DataModelException("integer out of 64-bit range: " + n.asText());
                    }
                    return new DataInt(n.longValue());
                }
                return integralFloat(n.decimalValue());
            case ARRAY: {
                checkDepth(depth, maxDepth);
                DataValue[] items = new DataValue[n.size()];
                for (int i = 0; i < items.length; i++) {
                    items[i] = fromNode(n.get(i), depth + 1, maxDepth);
                }
                return new DataList(List.of(items));
            }
            case OBJECT: {
                checkDepth(depth, maxDepth);
                DataMap.Builder b = DataMap.builder();
                Iterator<Map.Entry<String, JsonNode>> it = n.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    Utf8.encodedLength(e.getKey());
                    b.put(e.getKey(), fromNode(e.getValue(), depth + 1, maxDepth));
                }
                return interpretObject(b);
            }
            default:
                throw new DataModelException("JSON node type " + n.getNodeType() + " has no data model form");
        }
    }

    private static final class Reader {
        private final JsonParser p;
        private final DecodeLimits limits;
        private long items;

        Reader(JsonParser p, DecodeLimits limits) {
            this.p = p;
            this.limits = limits;
        }

        /** Reads the value whose first token is current. */
        DataValue value(int depth) throws IOException {
            JsonToken t = p.currentToken();
            switch (t) {
                case VALUE_NULL:
                    return DataNull.INSTANCE;
                case VALUE_TRUE:
                    return DataBool.TRUE;
                case VALUE_FALSE:
                    return DataBool.FALSE;
                case VALUE_STRING:
                    return string(p.getText());
                case VALUE_NUMBER_INT:
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        throw new DataModelException("integer out of 64-bit range: " + p.getText());
                    }
                    return new DataInt(p.getLongValue());
                case VALUE_NUMBER_FLOAT:
                    return integralFloat(p.getDecimalValue());
                case START_ARRAY: {
                    checkDepth(depth, limits.maxDepth());
                    java.util.ArrayList<DataValue> list = new java.util.ArrayList<>();
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        count();
                        list.add(value(depth + 1));
                    }
                    return list.isEmpty() ? DataList.EMPTY : new DataList(list);
                }
                case START_OBJECT: {
                    checkDepth(depth, limits.maxDepth());
                    DataMap.Builder b = DataMap.builder();
                    while (p.nextToken() != JsonToken.END_OBJECT) {
                        String key = p.currentName();
                        Utf8.encodedLength(key);
                        p.nextToken();
                        count();
                        if (!b.putIfAbsent(key, value(depth + 1))) {
                            throw new DataModelException("duplicate key \"" + key + "\" in JSON object");
                        }
                    }
                    return interpretObject(b);
                }
                default:
                    throw new DataModelException("unexpected JSON token " + t);
            }
        }

        private void count() {
            if (++items > limits.maxItems()) {
                throw new DataModelException("more than the limit of " + limits.maxItems() + " list and map items");
            }
        }
    }

    private static DataString string(String s) {
        Utf8.encodedLength(s); // refuses unpaired surrogates from \\uD800-style escapes
        return new DataString(s);
    }

    /** A JSON float is accepted only when it is a whole number JavaScript holds exactly (123.0). */
    private static DataInt integralFloat(BigDecimal d) {
        BigDecimal stripped = d.stripTrailingZeros();
        if (stripped.scale() > 0) {
            throw new DataModelException("floating point numbers are not allowed in the data model: " + d);
        }
        if (stripped.abs().compareTo(MAX_SAFE) > 0) {
            throw new DataModelException("float too large to stand for an integer: " + d);
        }
        return new DataInt(stripped.longValueExact());
    }

    /** Recognises {@code $link} and {@code $bytes} objects and checks {@code $type}. */
    private static DataValue interpretObject(DataMap.Builder b) {
        DataMap m = b.build();
        DataValue link = m.get("$link");
        if (link != null) {
            if (m.size() != 1) {
                throw new DataModelException("a $link object must have no other keys");
            }
            if (!(link instanceof DataString s)) {
                throw new DataModelException("$link must be a string");
            }
            return new DataLink(Cid.parse(s.value()));
        }
        DataValue bytes = m.get("$bytes");
        if (bytes != null) {
            if (m.size() != 1) {
                throw new DataModelException("a $bytes object must have no other keys");
            }
            if (!(bytes instanceof DataString s)) {
                throw new DataModelException("$bytes must be a base64 string");
            }
            return DataBytes.wrap(decodeBase64(s.value()));
        }
        DataValue type = m.get("$type");
        if (type != null) {
            if (!(type instanceof DataString s) || s.value().isEmpty()) {
                throw new DataModelException("$type must be a non-empty string");
            }
            if (s.value().equals("blob")) {
                BlobRef.from(m); // checks the shape; the map itself is the data model value
            }
        }
        return m;
    }

    /** Standard base64 without padding, as the data model writes it; padded input is refused. */
    private static byte[] decodeBase64(String s) {
        if (s.indexOf('=') >= 0) {
            throw new DataModelException("$bytes must be base64 without padding");
        }
        try {
            return Base64.getDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            throw new DataModelException("$bytes is not valid base64: " + e.getMessage());
        }
    }

    private static void checkDepth(int depth, int max) {
        if (depth > max) {
            throw new DataModelException("JSON nesting deeper than the limit of " + max);
        }
    }

    // ---- writing -----------------------------------------------------------------------

    /** The JSON text of {@code value}, as UTF-8 bytes. */
    public static byte[] writeBytes(DataValue value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The JSON text of {@code value}. */
    public static String write(DataValue value) {
        java.io.StringWriter out = new java.io.StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Writes {@code value} to a caller's generator (for embedding in larger responses). */
    public static void write(JsonGenerator g, DataValue value) throws IOException {
        if (value instanceof DataMap m) {
            g.writeStartObject();
            for (int i = 0; i < m.size(); i++) {
                g.writeFieldName(m.keyAt(i));
                write(g, m.valueAt(i));
            }
            g.writeEndObject();
        } else if (value instanceof DataString s) {
            g.writeString(s.value());
        } else if (value instanceof DataInt i) {
            g.writeNumber(i.value());
        } else if (value instanceof DataLink l) {
            g.writeStartObject();
            g.writeStringField("$link", l.cid().toString());
            g.writeEndObject();
        } else if (value instanceof DataList l) {
            g.writeStartArray();
            for (DataValue item : l.items()) {
                write(g, item);
            }
            g.writeEndArray();
        } else if (value instanceof DataBytes b) {
            g.writeStartObject();
            g.writeStringField("$bytes", BASE64.encodeToString(b.raw()));
            g.writeEndObject();
        } else if (value instanceof DataBool b) {
            g.writeBoolean(b.value());
        } else {
            g.writeNull();
        }
    }

    /** The Jackson tree of {@code value}. */
    public static JsonNode toJsonNode(DataValue value) {
        if (value instanceof DataMap m) {
            ObjectNode o = NODES.objectNode();
            for (int i = 0; i < m.size(); i++) {
                o.set(m.keyAt(i), toJsonNode(m.valueAt(i)));
            }
            return o;
        } else if (value instanceof DataString s) {
            return NODES.textNode(s.value());
        } else if (value instanceof DataInt i) {
            long v = i.value();
            return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
        } else if (value instanceof DataLink l) {
            return NODES.objectNode().put("$link", l.cid().toString());
        } else if (value instanceof DataList l) {
            ArrayNode a = NODES.arrayNode(l.size());
            for (DataValue item : l.items()) {
                a.add(toJsonNode(item));
            }
            return a;
        } else if (value instanceof DataBytes b) {
            return NODES.objectNode().put("$bytes", BASE64.encodeToString(b.raw()));
        } else if (value instanceof DataBool b) {
            return NODES.booleanNode(b.value());
        }
        return NODES.nullNode();
    }

}
