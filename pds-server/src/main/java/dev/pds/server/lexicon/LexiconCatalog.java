package dev.pds.server.lexicon;

import dev.pds.core.lexicon.LexiconException;
import dev.pds.core.lexicon.LexiconParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lexicon documents the server knows, by NSID, and the method definitions among them.
 * The bundled set is read from the {@code lexicons/} resource folder (the repository's root
 * {@code lexicons/} directory, copied into the jar). Immutable; {@link #with} makes a copy.
 */
public final class LexiconCatalog {
    public static final String RESOURCE_ROOT = "lexicons";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> documents;
    private final Map<String, MethodDefinition> methods;
    private final dev.pds.core.lexicon.LexiconCatalog schemas;

    private LexiconCatalog(Map<String, JsonNode> documents) {
        this.documents = Collections.unmodifiableMap(new LinkedHashMap<>(documents));
        Map<String, MethodDefinition> found = new LinkedHashMap<>();
        documents.forEach((nsid, doc) -> MethodDefinitionParser.parse(nsid, doc).ifPresent(m -> found.put(nsid, m)));
        this.methods = Collections.unmodifiableMap(found);
        // parsed once more into pds-core's schema values: a broken document or ref fails here, at startup
        List<dev.pds.core.lexicon.LexiconDocument> parsed = new ArrayList<>();
        documents.values().forEach(doc -> parsed.add(LexiconParser.parse(doc)));
        this.schemas = dev.pds.core.lexicon.LexiconCatalog.of(parsed);
    }

    public static LexiconCatalog empty() {
        return new LexiconCatalog(Map.of());
    }

    /** Every {@code *.json} under {@code lexicons/} on the class path (jar or folders). */
    public static LexiconCatalog bundled() {
        return fromClassPath(LexiconCatalog.class.getClassLoader());
    }

    static LexiconCatalog fromClassPath(ClassLoader loader) {
        Map<String, JsonNode> documents = new LinkedHashMap<>();
        try {
            Enumeration<URL> roots = loader.getResources(RESOURCE_ROOT);
            while (roots.hasMoreElements()) {
                URL root = roots.nextElement();
                for (JsonNode doc : readTree(root)) {
                    add(documents, doc, root.toString());
                }
            }
        } catch (IOException e) {
            throw new LexiconException("cannot read the bundled lexicons: " + e.getMessage(), e);
        }
        return new LexiconCatalog(documents);
    }

    /** A copy with more documents (JSON text), for methods defined outside the bundle. */
    public LexiconCatalog with(String... documentsJson) {
        Map<String, JsonNode> more = new LinkedHashMap<>(documents);
        for (String json : documentsJson) {
            try {
                add(more, JSON.readTree(json), "given document");
            } catch (IOException e) {
                throw new LexiconException("lexicon document is not JSON: " + e.getMessage(), e);
            }
        }
        return new LexiconCatalog(more);
    }

    public Optional<MethodDefinition> method(String nsid) {
        return Optional.ofNullable(methods.get(nsid));
    }

    /** A copy of the document, for readers outside this package. */
    public Optional<JsonNode> document(String nsid) {
        return Optional.ofNullable(documents.get(nsid)).map(JsonNode::deepCopy);
    }

    /** The stored document itself, for the validator, which only reads it. */
    Optional<JsonNode> rawDocument(String nsid) {
        return Optional.ofNullable(documents.get(nsid));
    }

    /** The same documents as pds-core schema values, for record validation. */
    public dev.pds.core.lexicon.LexiconCatalog schemas() {
        return schemas;
    }

    public Collection<MethodDefinition> methods() {
        return methods.values();
    }

    public int size() {
        return documents.size();
    }

    private static void add(Map<String, JsonNode> documents, JsonNode doc, String source) {
        JsonNode id = doc.path("id");
        if (doc.path("lexicon").asInt() != 1 || !id.isTextual()) {
            throw new LexiconException(source + ": not a lexicon v1 document with an id");
        }
        if (documents.putIfAbsent(id.asText(), doc) != null) {
            throw new LexiconException(source + ": lexicon " + id.asText() + " is defined twice");
        }
    }

    private static List<JsonNode> readTree(URL root) throws IOException {
        URI uri;
        try {
            uri = root.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + root, e);
        }
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return readFolder(jar.provider().getPath(uri));
            } catch (FileSystemAlreadyExistsException e) {
                // someone else opened the jar as a file system; read through theirs and leave it open
                return readFolder(FileSystems.getFileSystem(uri).provider().getPath(uri));
            }
        }
        return readFolder(Path.of(uri));
    }

    private static List<JsonNode> readFolder(Path folder) throws IOException {
        List<JsonNode> docs = new ArrayList<>();
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".json")).sorted()::iterator) {
                try (InputStream in = Files.newInputStream(file)) {
                    docs.add(JSON.readTree(in));
                } catch (IOException e) {
                    throw new LexiconException(file + ": " + e.getMessage(), e);
                }
            }
        }
        return docs;
    }
}
