package dev.pds.server.identity;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import javax.naming.NameNotFoundException;
import javax.naming.NamingEnumeration;
import javax.naming.NamingException;
import javax.naming.directory.Attribute;
import javax.naming.directory.Attributes;
import javax.naming.directory.DirContext;
import javax.naming.directory.InitialDirContext;

/**
 * DNS TXT lookups through the JDK's DNS provider (JNDI), asking the system's nameservers or
 * given ones, with one bounded attempt per server. Each record comes back as its
 * character-strings joined without separator, as the handle resolution spec reads them.
 */
final class DnsTxt {
    private static final String FACTORY = "com.sun.jndi.dns.DnsContextFactory";

    private final String providerUrl;
    private final Duration timeout;

    /**
     * @param nameservers {@code host} or {@code host:port} entries; empty for the system's
     * @param timeout     per query and server
     */
    DnsTxt(List<String> nameservers, Duration timeout) {
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.providerUrl = nameservers.isEmpty() ? "dns:"
                : String.join(" ", nameservers.stream().map(ns -> "dns://" + ns).toList());
    }

    /** The TXT records of {@code name}; empty when it has none or does not exist. */
    List<String> lookup(String name) throws NamingException {
        Hashtable<String, String> env = new Hashtable<>();
        env.put(DirContext.INITIAL_CONTEXT_FACTORY, FACTORY);
        env.put(DirContext.PROVIDER_URL, providerUrl);
        env.put("com.sun.jndi.dns.timeout.initial", Long.toString(Math.max(1, timeout.toMillis())));
        env.put("com.sun.jndi.dns.timeout.retries", "1");
        DirContext context = new InitialDirContext(env);
        try {
            Attributes attributes = context.getAttributes(name, new String[] {"TXT"});
            Attribute txt = attributes.get("TXT");
            List<String> records = new ArrayList<>();
            if (txt == null) {
                return records;
            }
            NamingEnumeration<?> values = txt.getAll();
            while (values.hasMore()) {
                records.add(joinCharacterStrings(String.valueOf(values.next())));
            }
            return records;
        } catch (NameNotFoundException e) {
            return List.of();
        } finally {
            context.close();
        }
    }

    /**
     * The JDK gives a record's character-strings separated by spaces, each in double quotes
     * (with backslash escapes) when it holds a space, a quote or a backslash or is empty; this
     * undoes that and joins them.
     */
    static String joinCharacterStrings(String jndi) {
        StringBuilder out = new StringBuilder(jndi.length());
        int i = 0;
        while (i < jndi.length()) {
            char c = jndi.charAt(i);
            if (c == ' ') {
                i++;
            } else if (c == '"') {
                i++;
                while (i < jndi.length() && jndi.charAt(i) != '"') {
                    if (jndi.charAt(i) == '\\' && i + 1 < jndi.length()) {
                        i++;
                    }
                    out.append(jndi.charAt(i++));
                }
                i++;
            } else {
                while (i < jndi.length() && jndi.charAt(i) != ' ') {
                    out.append(jndi.charAt(i++));
                }
            }
        }
        return out.toString();
    }
}
