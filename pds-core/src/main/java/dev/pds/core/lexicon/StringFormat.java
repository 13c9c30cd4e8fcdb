package dev.pds.core.lexicon;

import dev.pds.core.syntax.AtIdentifier;
import dev.pds.core.syntax.AtUri;
import dev.pds.core.syntax.CidSyntax;
import dev.pds.core.syntax.Datetime;
import dev.pds.core.syntax.Did;
import dev.pds.core.syntax.Handle;
import dev.pds.core.syntax.Language;
import dev.pds.core.syntax.Nsid;
import dev.pds.core.syntax.RecordKey;
import dev.pds.core.syntax.Tid;
import dev.pds.core.syntax.UriSyntax;
import java.util.function.Predicate;

/** The string formats a lexicon may name, each checked by the grammar in pds-core's syntax package. */
public enum StringFormat {
    AT_IDENTIFIER("at-identifier", AtIdentifier::isValid),
    AT_URI("at-uri", AtUri::isValid),
    CID("cid", CidSyntax::isValid),
    DATETIME("datetime", Datetime::isValid),
    DID("did", Did::isValid),
    HANDLE("handle", Handle::isValid),
    NSID("nsid", Nsid::isValid),
    TID("tid", Tid::isValid),
    RECORD_KEY("record-key", RecordKey::isValid),
    URI("uri", UriSyntax::isValid),
    LANGUAGE("language", Language::isValid);

    private final String lexiconName;
    private final Predicate<String> check;

    StringFormat(String lexiconName, Predicate<String> check) {
        this.lexiconName = lexiconName;
        this.check = check;
    }

    public String lexiconName() {
        return lexiconName;
    }

    public boolean accepts(String value) {
        return check.test(value);
    }

    public static StringFormat fromLexicon(String name, String where) {
        for (StringFormat format : values()) {
            if (format.lexiconName.equals(name)) {
                return format;
            }
        }
        throw new LexiconException(where + ": unknown string format '" + name + "'");
    }
}
