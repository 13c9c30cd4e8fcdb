package dev.pds.core.plc;

import dev.pds.crypto.Base58btc;
import dev.pds.crypto.CryptoException;
import dev.pds.crypto.DidKey;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a directory checks on an operation before it looks at the log, with the numbers of
 * the reference directory ({@code packages/server/src/constraints.ts}): size, entry counts and
 * lengths, rotation keys that are K-256 or P-256 did:keys, verification methods that are at
 * least syntactically did:keys. Logs already in the directory are not held to these.
 */
public final class PlcLimits {
    public static final int MAX_OP_BYTES = 4000;
    public static final int MAX_AKA_ENTRIES = 10;
    /** A handle (253) plus {@code at://}. */
    public static final int MAX_AKA_LENGTH = 258;
    public static final int MAX_ROTATION_KEYS = 10;
    public static final int MAX_SERVICE_ENTRIES = 10;
    public static final int MAX_SERVICE_TYPE_LENGTH = 256;
    public static final int MAX_SERVICE_ENDPOINT_LENGTH = 512;
    public static final int MAX_VERIFICATION_METHODS = 10;
    public static final int MAX_ID_LENGTH = 32;
    public static final int MAX_DID_KEY_LENGTH = 256;

    private PlcLimits() {
    }

    /** @throws PlcException ({@code InvalidPlcOperation}) on the first limit {@code op} breaks */
    public static void check(PlcOp op) {
        if (!op.isSigned()) {
            throw PlcException.invalid("operation is not signed");
        }
        int size = op.bytes().length;
        if (size > MAX_OP_BYTES) {
            throw PlcException.invalid("Operation too large (" + MAX_OP_BYTES + " bytes maximum in cbor encoding)");
        }
        if (op instanceof PlcLegacyCreate) {
            throw PlcException.invalid("legacy create operations are no longer accepted");
        }
        if (!(op instanceof PlcOperation o)) {
            return; // a tombstone has nothing more to check
        }
        if (o.alsoKnownAs().size() > MAX_AKA_ENTRIES) {
            throw PlcException.invalid("Too many alsoKnownAs entries (max " + MAX_AKA_ENTRIES + ")");
        }
        Set<String> seen = new HashSet<>();
        for (String aka : o.alsoKnownAs()) {
            if (aka.length() > MAX_AKA_LENGTH) {
                throw PlcException.invalid("alsoKnownAs entry too long (max " + MAX_AKA_LENGTH + "): " + aka);
            }
            if (!seen.add(aka)) {
                throw PlcException.invalid("duplicate alsoKnownAs entry: " + aka);
            }
        }
        if (o.rotationKeys().size() > MAX_ROTATION_KEYS) {
            throw PlcException.invalid("Too many rotationKey entries (max " + MAX_ROTATION_KEYS + ")");
        }
        for (String key : o.rotationKeys()) {
            try {
                DidKey.parse(key);
            } catch (CryptoException e) {
                throw PlcException.invalid("Invalid rotationKey: " + key);
            }
        }
        if (o.services().size() > MAX_SERVICE_ENTRIES) {
            throw PlcException.invalid("Too many service entries (max " + MAX_SERVICE_ENTRIES + ")");
        }
        for (Map.Entry<String, PlcService> e : o.services().entrySet()) {
            if (e.getKey().length() > MAX_ID_LENGTH) {
                throw PlcException.invalid("Service id too long (max " + MAX_ID_LENGTH + "): " + e.getKey());
            }
            if (e.getValue().type().length() > MAX_SERVICE_TYPE_LENGTH) {
                throw PlcException.invalid("Service type too long (max " + MAX_SERVICE_TYPE_LENGTH + ")");
            }
            if (e.getValue().endpoint().length() > MAX_SERVICE_ENDPOINT_LENGTH) {
                throw PlcException.invalid("Service endpoint too long (max " + MAX_SERVICE_ENDPOINT_LENGTH + ")");
            }
        }
        if (o.verificationMethods().size() > MAX_VERIFICATION_METHODS) {
            throw PlcException.invalid("Too many Verification Method entries (max " + MAX_VERIFICATION_METHODS + ")");
        }
        for (Map.Entry<String, String> e : o.verificationMethods().entrySet()) {
            if (e.getKey().length() > MAX_ID_LENGTH) {
                throw PlcException.invalid("Verification Method id too long (max " + MAX_ID_LENGTH + "): " + e.getKey());
            }
            String key = e.getValue();
            if (key.length() > MAX_DID_KEY_LENGTH) {
                throw PlcException.invalid("Verification Method key too long (max " + MAX_DID_KEY_LENGTH + "): " + key);
            }
            if (!isDidKeySyntax(key)) {
                throw PlcException.invalid("Invalid verificationMethod key: " + key);
            }
        }
    }

    /** {@code did:key:z} followed by valid base58btc: any key type is allowed here. */
    static boolean isDidKeySyntax(String key) {
        if (!key.startsWith(DidKey.PREFIX + "z") || key.length() == DidKey.PREFIX.length() + 1) {
            return false;
        }
        try {
            Base58btc.decode(key.substring(DidKey.PREFIX.length() + 1));
            return true;
        } catch (CryptoException e) {
            return false;
        }
    }
}
