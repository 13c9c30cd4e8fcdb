package dev.pds.core.lexicon;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pds.core.lexicon.LexType.LexArray;
import dev.pds.core.lexicon.LexType.LexBody;
import dev.pds.core.lexicon.LexType.LexMethod;
import dev.pds.core.lexicon.LexType.LexObject;
import dev.pds.core.lexicon.LexType.LexParams;
import dev.pds.core.lexicon.LexType.LexRecord;
import dev.pds.core.lexicon.LexType.LexRef;
import dev.pds.core.lexicon.LexType.LexUnion;
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
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The lexicon documents we know, by NSID, with every ref checked at load time: a catalog that
 * exists has no broken ref. Immutable.
 */
public final class LexiconCatalog {
    public static final String RESOURCE_ROOT = "lexicons";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LexiconDocument> documents;

    private LexiconCatalog(Map<String, LexiconDocument> documents) {
        this.documents = Map.copyOf(documents);
        documents.values().forEach(this::checkRefs);
    }

    public static LexiconCatalog of(Collection<LexiconDocument> documents) {
        Map<String, LexiconDocument> byId = new LinkedHashMap<>();
        for (LexiconDocument doc : documents) {
            if (byId.putIfAbsent(doc.id().toString(), doc) != null) {
                throw new LexiconException("lexicon " + doc.id() + " is defined twice");
            }
        }
        return new LexiconCatalog(byId);
    }

    /** Every {@code *.json} below {@code folder}; when {@code checkPaths}, each must sit at its NSID's path. */
    public static LexiconCatalog fromDirectory(Path folder, boolean checkPaths) {
        try {
            return of(readFolder(folder, checkPaths));
        } catch (IOException e) {
            throw new LexiconException("cannot read lexicons in " + folder + ": " + e.getMessage(), e);
        }
    }

    /** Every {@code *.json} under the {@code lexicons/} resource folder of the class path (jars or folders). */
    public static LexiconCatalog bundled() {
        ClassLoader loader = LexiconCatalog.class.getClassLoader();
        List<LexiconDocument> docs = new ArrayList<>();
        try {
            Enumeration<URL> roots = loader.getResources(RESOURCE_ROOT);
            while (roots.hasMoreElements()) {
                docs.addAll(readRoot(roots.nextElement()));
            }
        } catch (IOException e) {
            throw new LexiconException("cannot read the bundled lexicons: " + e.getMessage(), e);
        }
        return of(docs);
    }

    /** A copy with more documents, for lexicons defined outside the bundle. */
    public LexiconCatalog with(Collection<LexiconDocument> more) {
        List<LexiconDocument> all = new ArrayList<>(documents.values());
        all.addAll(more);
        return of(all);
    }

    public static LexiconDocument parse(String json) {
        try {
            return LexiconParser.parse(JSON.readTree(json));
        } catch (IOException e) {
            throw new LexiconException("lexicon document is not JSON: " + e.getMessage(), e);
        }
    }

    public Optional<LexiconDocument> document(String nsid) {
        return Optional.ofNullable(documents.get(nsid));
    }

    public Collection<LexiconDocument> documents() {
        return documents.values();
    }

    /** The def a full name ({@code nsid} or {@code nsid#name}) names. */
    public Optional<LexType> def(String fullName) {
        String full = normalize(fullName);
        int hash = full.indexOf('#');
        String nsid = hash < 0 ? full : full.substring(0, hash);
        String name = hash < 0 ? "main" : full.substring(hash + 1);
        return document(nsid).flatMap(doc -> doc.def(name));
    }

    /** The record type a collection NSID declares, if we know it. */
    public Optional<LexRecord> record(String collection) {
        return def(collection).filter(LexRecord.class::isInstance).map(LexRecord.class::cast);
    }

    public Optional<LexMethod> method(String nsid) {
        return def(nsid).filter(LexMethod.class::isInstance).map(LexMethod.class::cast);
    }

    public int size() {
        return documents.size();
    }

    static String normalize(String fullName) {
        return fullName.endsWith("#main") ? fullName.substring(0, fullName.length() - "#main".length()) : fullName;
    }

    private void checkRefs(LexiconDocument doc) {
        doc.defs().forEach((name, def) -> checkRefs(doc.id() + "#" + name, def));
    }

    private void checkRefs(String where, LexType type) {
        if (type instanceof LexRef ref) {
            requireDef(where, ref.ref());
        } else if (type instanceof LexUnion union) {
            union.refs().forEach(r -> requireDef(where, r));
        } else if (type instanceof LexArray array) {
            checkRefs(where, array.items());
        } else if (type instanceof LexObject object) {
            object.properties().forEach((k, v) -> checkRefs(where + "/" + k, v));
        } else if (type instanceof LexRecord record) {
            checkRefs(where, record.record());
        } else if (type instanceof LexParams params) {
            params.properties().forEach((k, v) -> checkRefs(where + "/" + k, v));
        } else if (type instanceof LexMethod method) {
            method.input().flatMap(LexBody::schema).ifPresent(s -> checkRefs(where + "/input", s));
            method.output().flatMap(LexBody::schema).ifPresent(s -> checkRefs(where + "/output", s));
            method.message().flatMap(LexBody::schema).ifPresent(s -> checkRefs(where + "/message", s));
        }
    }

    private void requireDef(String where, String ref) {
        if (def(ref).isEmpty()) {
            throw new LexiconException(where + ": ref '" + ref + "' names no known def");
        }
    }

    private static List<LexiconDocument> readRoot(URL root) throws IOException {
        URI uri;
        try {
            uri = root.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad resource URL " + root, e);
        }
        if ("jar".equals(uri.getScheme())) {
            try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
                return readFolder(jar.provider().getPath(uri), false);
            } catch (FileSystemAlreadyExistsException e) {
                // another reader opened the jar as a file system; read through it and leave it open
                return readFolder(FileSystems.getFileSystem(uri).provider().getPath(uri), false);
            }
        }
        return readFolder(Path.of(uri), false);
    }

    private static List<LexiconDocument> readFolder(Path folder, boolean checkPaths) throws IOException {
        List<LexiconDocument> docs = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            LexiconDocument doc;
            try (InputStream in = Files.newInputStream(file)) {
                JsonNode json = JSON.readTree(in);
                doc = LexiconParser.parse(json);
            } catch (IOException | LexiconException e) {
                throw new LexiconException(file + ": " + e.getMessage(), e);
            }
            if (checkPaths) {
                String expected = doc.id().toString().replace('.', '/') + ".json";
                String actual = folder.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (!expected.equals(actual)) {
                    throw new LexiconException(file + ": lexicon " + doc.id() + " belongs at " + expected);
                }
            }
            docs.add(doc);
        }
        return docs;
    }
}
