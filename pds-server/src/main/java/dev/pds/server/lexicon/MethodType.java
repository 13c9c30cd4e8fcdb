package dev.pds.server.lexicon;

/** The kinds of XRPC method a lexicon can define, and the HTTP verb each is called with. */
public enum MethodType {
    QUERY("GET"),
    PROCEDURE("POST"),
    SUBSCRIPTION("GET");

    private final String httpMethod;

    MethodType(String httpMethod) {
        this.httpMethod = httpMethod;
    }

    public String httpMethod() {
        return httpMethod;
    }

    static MethodType fromLexicon(String type) {
        switch (type) {
            case "query":
                return QUERY;
            case "procedure":
                return PROCEDURE;
            case "subscription":
                return SUBSCRIPTION;
            default:
                throw new IllegalArgumentException("not a method type: " + type);
        }
    }
}
