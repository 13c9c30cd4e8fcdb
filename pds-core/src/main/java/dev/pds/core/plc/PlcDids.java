package dev.pds.core.plc;

import dev.pds.core.data.Sha256;
import dev.pds.core.syntax.Did;

/** The DID of a genesis operation: {@code did:plc:} + base32(SHA-256(DAG-CBOR(signed op)))[0..24]. */
public final class PlcDids {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    /** Characters of the identifier; 24 base32 characters are exactly the first 15 hash bytes. */
    public static final int IDENTIFIER_LENGTH = 24;

    private PlcDids() {
    }

    /** The DID that {@code signedGenesis} creates. */
    public static Did didFor(PlcOp signedGenesis) {
        if (!signedGenesis.isSigned()) {
            throw PlcException.invalid("a DID comes from a signed genesis operation");
        }
        byte[] hash = sha256(signedGenesis.bytes());
        StringBuilder id = new StringBuilder("did:plc:");
        int buffer = 0;
        int bits = 0;
        for (int i = 0; id.length() < 8 + IDENTIFIER_LENGTH; ) {
            if (bits < 5) {
                buffer = (buffer << 8) | (hash[i++] & 0xff);
                bits += 8;
            }
            bits -= 5;
            id.append(BASE32[(buffer >>> bits) & 31]);
        }
        return Did.parse(id.toString());
    }

    /** Whether {@code did} has the did:plc shape: 24 lower-case base32 characters. */
    public static boolean isPlcDid(String did) {
        if (did == null || did.length() != 8 + IDENTIFIER_LENGTH || !did.startsWith("did:plc:")) {
            return false;
        }
        for (int i = 8; i < did.length(); i++) {
            char c = did.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) {
                return false;
            }
        }
        return true;
    }

    private static byte[] sha256(byte[] bytes) {
        return Sha256.digest(bytes);
    }
}
